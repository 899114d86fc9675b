"""What the profile services refuse: the common words of `core.errors`."""

from mostovi.core.errors import InvalidInput, NotAllowed, NotFound, StaleVersion

__all__ = ["InvalidInput", "NotAllowed", "NotFound", "StaleVersion"]
