from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, Invitation, JoinRequest, Membership, Role, User


def api_token_find(*, raw: str) -> ApiToken | None:
    """The token with this value whatever its state (to tell the caller why it no longer works)."""
    return ApiToken.objects.select_related("user").filter(token_digest=ApiToken.digest(raw)).first()


def api_token_list_for(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def membership_list_active_for(*, user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.active().filter(user=user).select_related("organisation")


def membership_list_for_organisation(*, organisation, active_only: bool = True) -> QuerySet[Membership]:
    qs = Membership.objects.filter(organisation=organisation).select_related("user")
    return qs.active() if active_only else qs


def user_roles_in(*, user: User, organisation) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.active()
        .filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
    )


def invitation_find_open(*, raw: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(
            token_digest=Invitation.digest(raw),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


MANAGING_ROLES = (Role.OFFICER, Role.ELECTED, Role.COORDINATOR)


def user_email_verified(*, user: User) -> bool:
    """Whether the person proved they own their sign-in address (always true if verification is off)."""
    from allauth.account import app_settings
    from allauth.account.models import EmailAddress

    if app_settings.EMAIL_VERIFICATION != app_settings.EmailVerificationMethod.MANDATORY:
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def join_requests_to_decide(*, user: User) -> list[JoinRequest]:
    """The pending requests to join that `user` may decide."""
    from .permissions import can_decide_join_request

    if not user.is_authenticated:
        return []
    pending = JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).select_related(
        "user", "organisation"
    )
    return [r for r in pending if can_decide_join_request(user, r)]
