"""The refusals of this app: the one vocabulary of `core.errors`."""

from mostovi.core.errors import Conflict, InvalidInput, NotAllowed, NotFound, StaleVersion

__all__ = ["Conflict", "InvalidInput", "NotAllowed", "NotFound", "StaleVersion"]
