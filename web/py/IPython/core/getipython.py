from IPython import get_ipython

__all__ = ["get_ipython"]
