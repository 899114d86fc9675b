class NotAllowed(Exception):
    """The actor may not do this (maps to 403)."""


class InvitationInvalid(Exception):
    """The invitation link is unknown, expired, revoked or already used (maps to 410/404)."""


class MembershipAlreadyEnded(Exception):
    """The membership was ended before."""


class InvalidInput(Exception):
    """The input is refused; the message says why (maps to 422 or a form error)."""


class TokenInactive(Exception):
    """The API token has expired or was revoked (maps to 409 when renewing it)."""
