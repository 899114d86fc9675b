"""What the partnership services refuse, and why."""


class NotAllowed(Exception):
    """The actor may not do this (403)."""


class InvalidInput(Exception):
    """The data cannot be accepted as given (422); `errors` maps a field to its message when known."""

    def __init__(self, message: str, *, field: str = ""):
        self.field = field
        super().__init__(message)


class StaleVersion(Exception):
    """Someone saved first (409); carries both versions so that nothing typed is lost."""

    def __init__(
        self, message: str, *, current=None, submitted=None, current_revision=None, read_revision=None
    ):
        self.current = current
        self.submitted = submitted
        self.current_revision = current_revision
        self.read_revision = read_revision
        super().__init__(message)
