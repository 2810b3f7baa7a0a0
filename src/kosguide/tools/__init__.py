"""One folder per tool; each exposes ``TOOL`` (a :class:`kosguide.core.registry.Tool`)."""
