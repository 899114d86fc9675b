class NotAllowed(Exception):
    """The actor may not do this (maps to 403)."""


class InvalidInput(Exception):
    """The input is refused; the message says why (maps to 422 or a form error)."""
