"""SVG charts rendered by the library (text uses the viewer's CJK fonts; no matplotlib)."""
