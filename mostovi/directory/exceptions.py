"""What the directory services refuse: the common words of `core.errors`."""

from mostovi.core.errors import InvalidInput, NotAllowed

__all__ = ["InvalidInput", "NotAllowed"]
