class NotAllowed(Exception):
    """The actor may not do this (403)."""


class GateNotMet(Exception):
    """A lifecycle gate is closed (409); `reasons` lists every unmet condition, first one first."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(reasons[0] if reasons else "")


class StaleVersion(Exception):
    """Someone saved first (409); carries what they saved so nothing typed is lost."""

    def __init__(self, message: str, *, current=None, submitted=None):
        self.current = current
        self.submitted = submitted
        super().__init__(message)


class InvalidInput(Exception):
    """The data cannot be accepted as given (400/422)."""
