"""What the account services refuse; the common words come from `core.errors`."""

from mostovi.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class InvitationInvalid(NotFound):
    """The invitation link is unknown, expired, revoked or already used (maps to 410/404)."""


class MembershipAlreadyEnded(Conflict):
    """The membership was ended before (409)."""


class TokenInactive(Conflict):
    """The API token has expired or was revoked (409 when renewing it)."""


__all__ = ["InvalidInput", "InvitationInvalid", "MembershipAlreadyEnded", "NotAllowed", "TokenInactive"]
