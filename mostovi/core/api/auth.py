"""Who is calling the API: a bearer token, a browser session (with CSRF), or nobody."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security.http import HttpAuthBase
from ninja.utils import check_csrf

# The API's composition root may know the accounts: a token belongs to a user (docs/ARCHITECTURE.md).
from mostovi.accounts.selectors import api_token_find

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenRefused(AuthenticationError):
    """A token that once worked (revoked, expired): 401 with a detail saying so."""

    def __init__(self, detail: str) -> None:
        super().__init__()
        self.detail = detail


class _Anonymous(AnonymousUser):
    # Ninja treats a falsy auth result as "not authenticated": an anonymous caller is allowed in.
    def __bool__(self) -> bool:
        return True


def _user_from_bearer(request):
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise AuthenticationError()
    token = api_token_find(raw=raw.strip())
    if token is None or not token.user.is_active:
        raise AuthenticationError()
    # Both answers are 401; the detail tells the owner of a once-valid token what to do.
    if token.revoked_at is not None:
        raise TokenRefused(_("This token was revoked: ask for a new one."))
    if token.is_expired:
        raise TokenRefused(_("This token has expired: ask for a new one."))
    # Touch at most once a minute: reads should not write on every call.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        type(token).objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class OptionalAuth(HttpAuthBase):
    """Every endpoint runs this; endpoints that need a user call `require_user`."""

    openapi_scheme = "bearer"

    def __call__(self, request):
        if "Authorization" in request.headers:
            user = _user_from_bearer(request)
            request.user = user
            request.auth_method = "token"
            return user
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.method not in SAFE_METHODS and check_csrf(request) is not None:
                raise AuthenticationError()
            request.auth_method = "session"
            return user
        request.user = _Anonymous()
        request.auth_method = None
        return request.user


def require_user(request):
    """The authenticated user, or a 401."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        raise AuthenticationError()
    return user
