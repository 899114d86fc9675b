"""People and their API tokens (created, renewed, revoked), passwords, and the admin's edits of a person."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core.services import event_record

from .. import permissions
from ..exceptions import (
    NotAllowed,
    TokenInactive,
)
from ..models import (
    ApiToken,
    User,
    api_token_expiry,
)


@transaction.atomic
def api_token_create(*, actor: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for `actor`; the raw value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=actor,
        name=name[:100],
        prefix=raw[: ApiToken.PREFIX_LENGTH],
        token_digest=ApiToken.digest(raw),
        expires_at=api_token_expiry(),
    )
    event_record(actor=actor, kind="api_token.created", target=token, data={"prefix": token.prefix})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if not permissions.can_revoke_api_token(actor, token):
        raise NotAllowed(_("Only its owner can revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_reason = ApiToken.RevokedReason.OWNER
        token.save(update_fields=["revoked_at", "revoked_reason"])
        event_record(actor=actor, kind="api_token.revoked", target=token, data={"prefix": token.prefix})
    return token


@transaction.atomic
def api_token_renew(*, actor: User, token: ApiToken) -> ApiToken:
    """Give a token that still works a new full lifetime from now; an expired or revoked one stays dead."""
    if not permissions.can_revoke_api_token(actor, token):
        raise NotAllowed(_("Only its owner can renew this token."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None or token.is_expired:
        raise TokenInactive(_("This token has expired or was revoked: ask for a new one."))
    token.expires_at = api_token_expiry()
    token.save(update_fields=["expires_at"])
    event_record(
        actor=actor,
        kind="api_token.renewed",
        target=token,
        data={"prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
    )
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str, actor: User | None) -> int:
    """Revoke every working token of `user` (password changed, membership ended, account deactivated)."""
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    if not tokens:
        return 0
    ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    event_record(
        actor=actor,
        kind="api_token.revoked_all",
        target=user,
        data={"reason": reason, "prefixes": [t.prefix for t in tokens]},
    )
    return len(tokens)


@transaction.atomic
def user_password_set(*, user: User, password: str | None, actor: User | None) -> User:
    """Change (or reset, or remove with None) a password; the person's API tokens stop working."""
    user.set_password(password)
    user.save()
    event_record(actor=actor, kind="user.password_changed", target=user, data={})
    api_tokens_revoke_all(user=user, reason=ApiToken.RevokedReason.PASSWORD, actor=actor)
    return user


@transaction.atomic
def user_admin_save(*, actor: User, user: User, changed: list[str]) -> User:
    """Save an account edited by staff; deactivating it revokes its API tokens."""
    if not actor.is_staff:
        raise NotAllowed(_("Only platform staff edit accounts directly."))
    user.save()
    if "is_active" in changed:
        event_record(
            actor=actor, kind="user.activated" if user.is_active else "user.deactivated", target=user
        )
        if not user.is_active:
            api_tokens_revoke_all(user=user, reason=ApiToken.RevokedReason.DEACTIVATED, actor=actor)
    return user
