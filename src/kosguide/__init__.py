"""kosguide: exercises and helpers for the 客情关系实战课 course.

Layers, each in its own modules: course data (``data/*.toml``, read by :mod:`kosguide.data_loader`)
→ pure logic (no widget import) → thin ipywidgets views in :mod:`kosguide.widgets`.
Everything here is pure Python so that it also runs in the browser's Pyodide kernel.
"""

__version__ = "0.1.0"
