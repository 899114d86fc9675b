class NotAllowed(Exception):
    """The actor may not do this (403)."""


class InvalidInput(Exception):
    """The data cannot be accepted as given (400/422); the message says why, in the request's language."""


class StaleVersion(Exception):
    """Someone saved first (409)."""
