from . import bridge

__all__ = ["bridge"]
