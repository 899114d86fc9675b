"""What the account services refuse; the common words come from `core.errors`."""

from mostovi.core.errors import Conflict, InvalidInput, NotAllowed, NotFound, WrongStatus


class InvitationInvalid(NotFound):
    """The invitation link is unknown, expired, revoked or already used (maps to 410/404)."""


class MembershipAlreadyEnded(Conflict):
    """The membership was ended before (409)."""


class InvitationRefused(Conflict):
    """The invitation is not needed or not allowed as it stands (the authority already has members, the
    address already acts for it): 409."""


class TokenInactive(Conflict):
    """The API token has expired or was revoked (409 when renewing it)."""


__all__ = [
    "InvalidInput",
    "InvitationInvalid",
    "InvitationRefused",
    "MembershipAlreadyEnded",
    "NotAllowed",
    "TokenInactive",
    "WrongStatus",
]
