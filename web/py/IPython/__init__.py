"""A tiny stand-in for IPython inside kosguide's light in-browser runtime (not the real IPython).

ipywidgets 8 imports a few names from IPython unconditionally; the runtime has no shell, so
``get_ipython()`` is ``None`` and ``display`` hands objects to :mod:`kos_web` (the page bridge).
Only the names ipywidgets and the course's exercise cells use are provided.
"""

from __future__ import annotations

__version__ = "0.0.0+kosguide-standin"


def get_ipython() -> None:
    """There is no interactive shell in the light runtime."""
    return None
