"""kosguide: exercises and helpers for the 客情关系实战课 course.

One home per tool: each exercise tool lives in :mod:`kosguide.tools` (``tools/<tool>/`` with its
data parser, logic, ``cli.py``, ``widget.py`` and chart), listed once in
``kosguide.tools.TOOL_MODULES``; shared foundations (data loading, storage, the text policy,
escaping, palette) live in :mod:`kosguide.core`. Course data is in ``data/<kind>/*.toml``.
Everything here is pure Python so that it also runs in the browser's Pyodide kernel.
"""

__version__ = "0.1.0"
