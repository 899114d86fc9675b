"""What the exchange puts in a person's workspace (`core.inbox`): expressions of interest received by their
authority and still open."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership, MembershipStatus, Role
from mostovi.core.inbox import inbox_item, inbox_provider_register

from .models import Interest, InterestStatus


def interests_received(user) -> list[dict]:
    org_ids = set(
        Membership.objects.active()
        .filter(user=user, status=MembershipStatus.CONFIRMED, role__in=(Role.OFFICER, Role.ELECTED))
        .values_list("organisation_id", flat=True)
    )
    if not org_ids:
        return []
    interests = Interest.objects.filter(
        status=InterestStatus.OPEN, to_authority_id__in=org_ids
    ).select_related("from_authority", "to_authority")
    return [
        inbox_item(
            kind="interest_received",
            title=_("%(from)s expressed an interest in working with %(to)s: answer it")
            % {"from": i.from_authority, "to": i.to_authority},
            url=reverse("exchange:interest_detail", args=[i.pk]),
        )
        for i in interests
    ]


def register() -> None:
    inbox_provider_register("exchange.interests", interests_received)
