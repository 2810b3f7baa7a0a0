"""Shared foundations every tool builds on; nothing here imports a tool.

- :mod:`kosguide.core.registry`: the :class:`~kosguide.core.registry.Tool` record and
  :class:`~kosguide.core.registry.DataKind` (one kind of course-data file and its parser).
- data-file parsing and ``DataError``, the course-data loader, safe storage, one text-cleaning
  policy and HTML escaping, rich-display objects and the palette (moved here from the package root).

The only thing ``core`` may read from ``kosguide.tools`` is the registry itself
(``kosguide.tools.all_tools``), imported lazily; ``tests/unit/test_layers.py`` enforces it.
"""
