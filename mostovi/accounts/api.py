from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import ErrorOut

from . import services
from .exceptions import NotAllowed, TokenInactive
from .models import ApiToken
from .selectors import api_token_list_for, user_email_verified

router = Router(tags=["auth"])


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
