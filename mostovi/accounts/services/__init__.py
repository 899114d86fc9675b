"""Every write about people, memberships, invitations and API tokens."""

# What the services refuse, importable from here as before the split.
from ..exceptions import (
    InvalidInput,
    InvitationInvalid,
    InvitationRefused,
    MembershipAlreadyEnded,
    NotAllowed,
    TokenInactive,
    WrongStatus,
)
from .invitations import (
    PARTNER_INVITATION_ROLES,
    address_on_official_domain,
    invitation_accept,
    invitation_accept_with_account,
    invitation_create,
    invitation_create_for_partner,
    organisation_has_confirmed_member,
)
from .join_requests import (
    JOIN_ROLES,
    join_request_create,
    join_request_decide,
)
from .memberships import (
    MEMBERSHIP_END_HANDLERS,
    membership_approval_delegate,
    membership_confirm,
    membership_create,
    membership_end,
    membership_end_handler_register,
    membership_expected_end_set,
    membership_refuse,
    provisional_approvers,
)
from .people import (
    api_token_create,
    api_token_renew,
    api_token_revoke,
    api_tokens_revoke_all,
    user_admin_save,
    user_password_set,
)

__all__ = [
    "JOIN_ROLES",
    "MEMBERSHIP_END_HANDLERS",
    "PARTNER_INVITATION_ROLES",
    "InvalidInput",
    "InvitationInvalid",
    "InvitationRefused",
    "MembershipAlreadyEnded",
    "NotAllowed",
    "TokenInactive",
    "WrongStatus",
    "address_on_official_domain",
    "api_token_create",
    "api_token_renew",
    "api_token_revoke",
    "api_tokens_revoke_all",
    "invitation_accept",
    "invitation_accept_with_account",
    "invitation_create",
    "invitation_create_for_partner",
    "join_request_create",
    "join_request_decide",
    "membership_approval_delegate",
    "membership_confirm",
    "membership_create",
    "membership_end",
    "membership_end_handler_register",
    "membership_expected_end_set",
    "membership_refuse",
    "organisation_has_confirmed_member",
    "provisional_approvers",
    "user_admin_save",
    "user_password_set",
]
