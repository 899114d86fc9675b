"""What the exchange services refuse: the common words of `core.errors`."""

from mostovi.core.errors import InvalidInput, NotAllowed, StaleVersion

__all__ = ["InvalidInput", "NotAllowed", "StaleVersion"]
