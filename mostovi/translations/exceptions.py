"""What the translation services refuse: the common words of `core.errors`."""

from mostovi.core.errors import InvalidInput, NotAllowed, NotFound

__all__ = ["InvalidInput", "NotAllowed", "NotFound"]
