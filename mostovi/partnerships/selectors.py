"""Every read of partnerships that crosses relations: lists, filters, the map, an authority's timeline."""

from django.db.models import F, Prefetch, Q, QuerySet

from mostovi.core.models import Event
from mostovi.core.services import scope_key
from mostovi.directory.models import Country, NetworkMembership, Organisation, OrganisationKind
from mostovi.directory.selectors import authority_records_register

from .models import Partnership, PartnershipMember

COUNTRIES = tuple(Country.values)
MEMBER_FIELDS = (
    "authority__id", "authority__name", "authority__name_latin", "authority__country",
    "authority__latitude", "authority__longitude", "authority__is_demo",
)  # fmt: skip


def _members_prefetch() -> Prefetch:
    return Prefetch(
        "members",
        queryset=PartnershipMember.objects.select_related("authority")
        .only("id", "partnership_id", "authority_id", "source_name", *MEMBER_FIELDS)
        .order_by("authority__country", "authority__sort_key"),
    )


def partnership_filter(
    *,
    country: str | None = None,
    theme: str | None = None,
    network: int | None = None,
    authority: int | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    kind: str | None = None,
) -> QuerySet[Partnership]:
    """Live partnerships matching every filter given; the period is the year of signature (or `since`)."""
    queryset = Partnership.objects.alive()
    if country:
        queryset = queryset.filter(
            pk__in=PartnershipMember.objects.filter(authority__country=country).values("partnership_id")
        )
    if authority:
        queryset = queryset.filter(
            pk__in=PartnershipMember.objects.filter(authority_id=authority).values("partnership_id")
        )
    if theme:
        queryset = queryset.filter(themes__slug=theme)
    if kind:
        queryset = queryset.filter(kind=kind)
    if network:
        members = NetworkMembership.objects.filter(network_id=network).values("member_id")
        queryset = queryset.filter(
            Q(networks__id=network)
            | Q(pk__in=PartnershipMember.objects.filter(authority_id__in=members).values("partnership_id"))
        ).distinct()
    if year_from is not None or year_to is not None:
        signed = Q(signed_on__isnull=False)
        since = Q(signed_on__isnull=True, since_year__isnull=False)
        if year_from is not None:
            signed &= Q(signed_on__year__gte=year_from)
            since &= Q(since_year__gte=year_from)
        if year_to is not None:
            signed &= Q(signed_on__year__lte=year_to)
            since &= Q(since_year__lte=year_to)
        queryset = queryset.filter(signed | since)
    return queryset


def partnership_list(**filters) -> QuerySet[Partnership]:
    """The list page and the API: partners and themes read with two extra queries, whatever the page size."""
    return (
        partnership_filter(**filters)
        .prefetch_related(_members_prefetch(), "themes")
        .order_by(F("signed_on").desc(nulls_last=True), "-id")
    )


def partnership_get_for_page(*, pk: int) -> Partnership | None:
    return (
        Partnership.objects.filter(pk=pk)
        .select_related("created_by")
        .prefetch_related(_members_prefetch(), "themes", "networks")
        .first()
    )


def partnership_timeline(*, partnership: Partnership) -> list[Event]:
    """The journal of the partnership: who changed what, newest first."""
    return list(
        Event.objects.filter(scope=scope_key(partnership))
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def partnership_history(*, partnership: Partnership, limit: int = 50) -> list:
    """Saved versions (django-simple-history), newest first: also what was changed outside the services."""
    return list(partnership.history.select_related("history_user").order_by("-history_date")[:limit])


def partnership_list_for_authority(authority) -> list[Partnership]:
    """The live partnerships of an authority, newest first, with every partner (for its page)."""
    authority_id = getattr(authority, "pk", authority)
    return list(
        Partnership.objects.alive()
        .filter(pk__in=PartnershipMember.objects.filter(authority_id=authority_id).values("partnership_id"))
        .prefetch_related(_members_prefetch(), "themes")
        .order_by(F("signed_on").desc(nulls_last=True), F("since_year").desc(nulls_last=True), "-id")
    )


def partnership_map_data(**filters) -> dict:
    """Compact map data: points once each ({id: [lat, lon, name, latin]}) and lines [a, b, id, kind, demo].

    Two queries and no model instances, so the few hundred reference partnerships draw quickly.
    """
    ids = partnership_filter(**filters).values("pk")
    rows = (
        PartnershipMember.objects.filter(partnership_id__in=ids)
        .values_list(
            "partnership_id",
            "partnership__kind",
            "partnership__is_demo",
            "partnership__unverified",
            "authority_id",
            "authority__name",
            "authority__name_latin",
            "authority__latitude",
            "authority__longitude",
        )
        .order_by("partnership_id", "authority_id")
    )
    points: dict[int, list] = {}
    by_partnership: dict[int, dict] = {}
    for pid, kind, demo, unverified, aid, name, latin, lat, lon in rows:
        entry = by_partnership.setdefault(pid, {"kind": kind, "demo": demo, "u": bool(unverified), "a": []})
        entry["a"].append(aid)
        if aid not in points:
            points[aid] = [
                None if lat is None else round(lat, 4),
                None if lon is None else round(lon, 4),
                name,
                latin if latin and latin != name else "",
            ]
    lines = []
    for pid, entry in by_partnership.items():
        located = [a for a in entry["a"] if points[a][0] is not None and points[a][1] is not None]
        for i in range(1, len(located)):
            lines.append([located[0], located[i], pid, entry["kind"], int(entry["demo"]), int(entry["u"])])
    return {"points": {str(k): v for k, v in points.items()}, "lines": lines, "count": len(by_partnership)}


def network_choices() -> list[Organisation]:
    return list(
        Organisation.objects.alive()
        .filter(kind=OrganisationKind.NETWORK)
        .only("id", "name", "acronym", "name_latin")
    )


def authority_find_by_code(code: str) -> tuple[Organisation | None, str]:
    """A live local authority from a ref_key ("FR:insee:69123"), "CC:code" ("RS:70157") or a bare code.

    Returns (authority, "") or (None, the reason). A bare code that several countries use is refused:
    INSEE codes and Serbian RZS codes overlap, for instance.
    """
    code = (code or "").strip()
    if not code or len(code) > 80:
        return None, "unknown"
    base = Organisation.objects.alive().filter(kind=OrganisationKind.LOCAL_AUTHORITY)
    found = list(base.filter(ref_key=code)[:2])
    if not found and ":" in code:
        country, _sep, official = code.partition(":")
        if country.upper() in COUNTRIES and ":" not in official:
            found = list(base.filter(country=country.upper(), code=official)[:2])
    if not found and ":" not in code:
        found = list(base.filter(code=code)[:3])
    if len(found) == 1:
        return found[0], ""
    if len(found) > 1:
        return None, "ambiguous"
    return None, "unknown"


def register() -> None:
    """Show an authority's partnerships on its directory page and API (from `PartnershipsConfig.ready()`)."""
    authority_records_register("partnerships", partnership_list_for_authority)
