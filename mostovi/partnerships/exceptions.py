"""What the partnership services refuse, and why; the common words come from `core.errors`."""

from mostovi.core import errors
from mostovi.core.errors import InvalidInput, NotAllowed


class StaleVersion(errors.StaleVersion):
    """Someone saved first (409); carries both versions so that nothing typed is lost."""

    def __init__(
        self, message: str, *, current=None, submitted=None, current_revision=None, read_revision=None
    ):
        self.current_revision = current_revision
        self.read_revision = read_revision
        super().__init__(message, current=current, submitted=submitted)


__all__ = ["InvalidInput", "NotAllowed", "StaleVersion"]
