"""What the accounts app puts in a person's workspace (`core.inbox`): provisional memberships they may confirm
or refuse."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mostovi.core.inbox import inbox_item, inbox_provider_register

from .models import Membership, MembershipStatus
from .permissions import can_confirm_membership
from .selectors import join_requests_to_decide


def memberships_to_decide(user) -> list[dict]:
    pending = (
        Membership.objects.active()
        .filter(status=MembershipStatus.PROVISIONAL)
        .select_related("user", "organisation")
    )
    items = []
    for membership in pending:
        if not can_confirm_membership(user, membership):
            continue
        project_id = membership.project_scope
        items.append(
            inbox_item(
                kind="membership_request",
                project_id=project_id,
                title=_("Confirm or refuse %(person)s as %(role)s of %(organisation)s")
                % {
                    "person": membership.user,
                    "role": membership.get_role_display(),
                    "organisation": membership.organisation,
                },
                url=(
                    reverse("projects:detail", args=[project_id]) + "#partners"
                    if project_id
                    else reverse("accounts:profile")
                ),
            )
        )
    return items


def join_requests(user) -> list[dict]:
    return [
        inbox_item(
            kind="membership_request",
            title=_("%(person)s asks to act for %(organisation)s as %(role)s")
            % {"person": r.user, "organisation": r.organisation, "role": r.get_role_display()},
            url=reverse("accounts:profile") + "#join-requests",
        )
        for r in join_requests_to_decide(user=user)
    ]


def register() -> None:
    inbox_provider_register("accounts.memberships", memberships_to_decide)
    inbox_provider_register("accounts.join_requests", join_requests)
