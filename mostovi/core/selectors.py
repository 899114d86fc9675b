from django.db import models
from django.db.models import QuerySet

from mostovi.directory.models import Organisation, OrganisationKind

from .models import Event


def event_list_for(*, target: models.Model) -> QuerySet[Event]:
    return Event.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")


def platform_figures() -> dict[str, int]:
    """Headline counts for the home page (two queries)."""
    from django.db.models import Count, Q

    counts = Organisation.objects.alive().aggregate(
        authorities=Count("id", filter=Q(kind=OrganisationKind.LOCAL_AUTHORITY)),
        networks=Count("id", filter=Q(kind=OrganisationKind.NETWORK)),
        countries=Count("country", filter=Q(kind=OrganisationKind.LOCAL_AUTHORITY), distinct=True),
    )
    return counts
