"""What the evaluation services refuse: the common words of `core.errors`.

The evaluation endpoints always list the reasons of a 422 in `errors` (their clients read it), hence the
subclass of `InvalidInput`; it is still caught as `core.errors.InvalidInput`.
"""

from mostovi.core import errors
from mostovi.core.errors import NotAllowed, StaleVersion, WrongStatus


class InvalidInput(errors.InvalidInput):
    """The data cannot be accepted as given (422, with `errors`)."""

    lists_reasons = True


__all__ = ["InvalidInput", "NotAllowed", "StaleVersion", "WrongStatus"]
