from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import MAX_ID, ErrorOut
from mostovi.core.inbox import inbox_for
from mostovi.directory.models import Organisation

from . import services
from .exceptions import NotAllowed, TokenInactive
from .models import ApiToken, Invitation, JoinRequest, Membership
from .selectors import api_token_list_for, join_requests_to_decide, user_email_verified

router = Router(tags=["auth"])
# /invitations/accept and /memberships/{id}/confirm|refuse (mounted at the root).
members_router = Router(tags=["memberships"])


class TokenIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)
    name: str = Field("", max_length=100)


class TokenOut(Schema):
    token: str


class TokenInfoOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: str
    last_used_at: str | None
    expires_at: str
    expired: bool
    revoked: bool

    @staticmethod
    def from_token(token: ApiToken) -> "TokenInfoOut":
        return TokenInfoOut(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at.isoformat(),
            last_used_at=token.last_used_at.isoformat() if token.last_used_at else None,
            expires_at=token.expires_at.isoformat(),
            expired=token.is_expired,
            revoked=token.revoked_at is not None,
        )


@router.post("/token", response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut}, auth=None)
def token_obtain(request, payload: TokenIn):
    """Exchange an e-mail address and password for a bearer token."""
    user = authenticate(request, email=payload.email.strip().lower(), password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise HttpError(429, _("Too many failed attempts: this account is locked for a while."))
    if user is None or not user.is_active:
        raise HttpError(401, _("Wrong e-mail address or password."))
    if not user_email_verified(user=user):
        raise HttpError(403, _("Confirm your e-mail address first: follow the link we sent you."))
    _token, raw = services.api_token_create(actor=user, name=payload.name or "API")
    return {"token": raw}


@router.get("/tokens", response=list[TokenInfoOut])
def token_list(request):
    """The caller's tokens (the secret value is never shown again)."""
    user = require_user(request)
    return [TokenInfoOut.from_token(t) for t in api_token_list_for(user=user)]


@router.delete("/tokens/{token_id}", response={204: None, 403: ErrorOut, 404: ErrorOut})
def token_revoke(request, token_id: int):
    """Revoke one of the caller's tokens."""
    user = require_user(request)
    token = get_object_or_404(ApiToken, pk=token_id, user=user)
    try:
        services.api_token_revoke(actor=user, token=token)
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    return Status(204, None)


@router.post(
    "/tokens/{token_id}/renew", response={200: TokenInfoOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
)
def token_renew(request, token_id: int):
    """Give one of the caller's working tokens a new full lifetime (`API_TOKEN_LIFETIME_DAYS`) from now."""
    user = require_user(request)
    token = get_object_or_404(ApiToken, pk=token_id, user=user)
    try:
        token = services.api_token_renew(actor=user, token=token)
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    except TokenInactive as exc:
        raise HttpError(409, str(exc)) from exc
    return TokenInfoOut.from_token(token)


# --- invitations and provisional memberships ------------------------------------------------------


class InvitationAcceptIn(Schema):
    token: str = Field(max_length=200)
    name: str = Field("", max_length=200)
    password: str = Field("", max_length=4096)


class AccountMembershipOut(Schema):
    id: int
    authority_id: int
    role: str
    status: str = Field(
        description="`provisional` (acts in the project it was invited to; its approvals "
        "count once confirmed), `confirmed` or `refused`."
    )
    project_id: int | None = Field(None, description="The project a provisional membership acts in.")

    @staticmethod
    def of(membership: Membership) -> "AccountMembershipOut":
        return AccountMembershipOut(
            id=membership.pk,
            authority_id=membership.organisation_id,
            role=membership.role,
            status=membership.status,
            project_id=membership.project_scope,
        )


class InvitationAcceptOut(Schema):
    user_id: int
    membership: AccountMembershipOut


class MembershipRefuseIn(Schema):
    reason: str = Field("", max_length=2000)


class InvitationOut(Schema):
    id: int
    email: str
    authority_id: int
    role: str
    expires_at: str

    @staticmethod
    def of(invitation: Invitation) -> "InvitationOut":
        return InvitationOut(
            id=invitation.pk,
            email=invitation.email,
            authority_id=invitation.organisation_id,
            role=invitation.role,
            expires_at=invitation.expires_at.isoformat(),
        )


@members_router.post(
    "/invitations/accept",
    response={201: InvitationAcceptOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Accept an invitation",
    description=(
        "The `token` is the last path segment of the link in the invitation e-mail. When its address has "
        "no account, one is created with `name` and `password`; otherwise the caller must be signed in "
        "with that "
        "address. An invitation sent by a project partner gives a `provisional` membership, confirmed at "
        "once when the address is on the authority's official web domain. A used, expired or unknown token "
        "answers 404."
    ),
)
def invitation_accept(request, payload: InvitationAcceptIn):
    user = request.auth if getattr(request, "auth", None) is not None else None
    membership = services.invitation_accept_with_account(
        raw_token=payload.token, name=payload.name, password=payload.password, actor=user
    )
    return Status(
        201, InvitationAcceptOut(user_id=membership.user_id, membership=AccountMembershipOut.of(membership))
    )


def _membership(membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("organisation"), pk=membership_id)


@members_router.post(
    "/memberships/{membership_id}/confirm",
    response={200: AccountMembershipOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Confirm a provisional membership",
    description=(
        "By a confirmed officer or elected official of the same authority, a coordinator of one of its "
        "networks (directly or through its national association), or staff. From then on the member's "
        "acceptances and approvals of the current versions count."
    ),
)
def membership_confirm(request, membership_id: int):
    user = require_user(request)
    membership = services.membership_confirm(actor=user, membership=_membership(membership_id))
    return AccountMembershipOut.of(membership)


@members_router.post(
    "/memberships/{membership_id}/refuse",
    response={
        200: AccountMembershipOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Refuse a provisional membership",
    description="Ends the membership with the `reason` (required); what the person did never counts.",
)
def membership_refuse(request, membership_id: int, payload: MembershipRefuseIn):
    user = require_user(request)
    membership = services.membership_refuse(
        actor=user, membership=_membership(membership_id), reason=payload.reason
    )
    return AccountMembershipOut.of(membership)


class InboxItemOut(Schema):
    kind: str
    project_id: int | None
    title: str
    url: str
    due_on: str | None


@members_router.get(
    "/me/inbox",
    response={200: list[InboxItemOut], 401: ErrorOut},
    summary="What awaits the caller",
    description=(
        "The decisions waiting for the caller's authorities and the caller's own follow-up actions: "
        "`kind` is one of `mission_acceptance`, `programme_approval`, `funding_plan_approval`, "
        "`value_approval`, `review_assessment`, `review_synthesis_approval`, `interest_received`, "
        "`membership_request`, "
        "`overdue_action`, `deadline`; `url` is the page where it is done. Overdue actions first."
    ),
)
def inbox(request):
    user = require_user(request)
    return [
        InboxItemOut(
            kind=item["kind"],
            project_id=item["project_id"],
            title=item["title"],
            url=item["url"],
            due_on=item["due_on"].isoformat() if item["due_on"] else None,
        )
        for item in inbox_for(user)
    ]


# --- requests to join an authority ----------------------------------------------------------------


class JoinRequestIn(Schema):
    role: str = Field(max_length=20, description="`officer`, `elected` or `technical`.")
    message: str = Field("", max_length=4000)


class JoinDecisionIn(Schema):
    reason: str = Field("", max_length=2000)


class JoinRequestOut(Schema):
    id: int
    authority_id: int
    authority: str
    user_id: int
    user: str
    email: str
    role: str
    message: str
    status: str
    created_at: str

    @staticmethod
    def of(join_request: JoinRequest) -> "JoinRequestOut":
        return JoinRequestOut(
            id=join_request.pk,
            authority_id=join_request.organisation_id,
            authority=str(join_request.organisation),
            user_id=join_request.user_id,
            user=str(join_request.user),
            email=join_request.user.email,
            role=join_request.role,
            message=join_request.message,
            status=join_request.status,
            created_at=join_request.created_at.isoformat(),
        )


@members_router.post(
    "/authorities/{authority_id}/join-requests",
    response={201: JoinRequestOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Ask to act for an authority",
    description=(
        "The request goes to the authority's confirmed officers and elected officials, else to the "
        "coordinators of its networks, else to staff. 404 for an authority that does not exist; 409 when "
        "the caller already acts for it in that role or already asked."
    ),
)
def join_request_create(request, authority_id: int, payload: JoinRequestIn):
    user = require_user(request)
    organisation = (
        Organisation.objects.alive().filter(pk=authority_id).first() if 0 < authority_id <= MAX_ID else None
    )
    if organisation is None:
        raise HttpError(404, _("This authority does not exist."))
    join_request = services.join_request_create(
        actor=user, organisation=organisation, role=payload.role, message=payload.message
    )
    return Status(201, JoinRequestOut.of(join_request))


@members_router.get(
    "/me/join-requests",
    response={200: list[JoinRequestOut], 401: ErrorOut},
    summary="The requests to join the caller may decide",
)
def join_requests_mine(request):
    user = require_user(request)
    return [JoinRequestOut.of(r) for r in join_requests_to_decide(user=user)]


def _join_request(join_request_id: int) -> JoinRequest:
    return get_object_or_404(JoinRequest.objects.select_related("organisation", "user"), pk=join_request_id)


@members_router.post(
    "/join-requests/{join_request_id}/accept",
    response={200: JoinRequestOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Accept a request to join: the membership starts",
)
def join_request_accept(request, join_request_id: int):
    user = require_user(request)
    join_request = services.join_request_decide(
        actor=user, join_request=_join_request(join_request_id), accept=True
    )
    return JoinRequestOut.of(join_request)


@members_router.post(
    "/join-requests/{join_request_id}/refuse",
    response={200: JoinRequestOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Refuse a request to join, saying why",
)
def join_request_refuse(request, join_request_id: int, payload: JoinDecisionIn):
    user = require_user(request)
    join_request = services.join_request_decide(
        actor=user, join_request=_join_request(join_request_id), accept=False, reason=payload.reason
    )
    return JoinRequestOut.of(join_request)
