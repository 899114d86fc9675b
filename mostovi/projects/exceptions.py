"""What the project services refuse: the common words of `core.errors`.

`GateNotMet` and `StaleVersion` are `core.errors.Conflict`s (409); `NotAllowed` and `InvalidInput` are the
core classes themselves, so the other apps' services raise and catch the same ones.
"""

from mostovi.core import errors
from mostovi.core.errors import InvalidInput, NotAllowed


class GateNotMet(errors.GateNotMet):
    """A lifecycle gate is closed (409); `reasons` lists every unmet condition, first one first."""


class StaleVersion(errors.StaleVersion):
    """Someone saved first (409); carries what they saved so nothing typed is lost."""


__all__ = ["GateNotMet", "InvalidInput", "NotAllowed", "StaleVersion"]
