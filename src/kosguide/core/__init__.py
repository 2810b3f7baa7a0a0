"""Core of kosguide: the registry of tools (the restructure moves the shared modules here)."""
