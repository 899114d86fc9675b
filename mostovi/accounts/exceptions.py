"""What the account services refuse; the common words come from `core.errors`."""

from mostovi.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class InvitationInvalid(NotFound):
    """The invitation link is unknown, expired, revoked or already used (maps to 410/404)."""


class MembershipAlreadyEnded(Conflict):
    """The membership was ended before (409)."""


__all__ = ["InvalidInput", "InvitationInvalid", "MembershipAlreadyEnded", "NotAllowed"]
