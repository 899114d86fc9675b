"""Directory endpoints of the public API (`/api/v1/authorities`, `/api/v1/networks`)."""

from datetime import date

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from mostovi.core.api.pagination import LimitOffsetPagination
from mostovi.core.api.schemas import ErrorOut

from .models import Level, Organisation, OrganisationKind
from .network_selectors import network_list_counts, network_members_page
from .selectors import (
    COUNTRIES,
    authority_records,
    authority_search,
    authority_search_count,
    official_names,
    organisation_detail,
)

router = Router(tags=["directory"])


class AuthorityOut(Schema):
    id: int
    name: str = Field(description="Official name, in its own script.")
    name_latin: str = Field(description="The name in Latin script (the same as `name` for Latin names).")
    country: str = Field(description="ISO 3166-1 alpha-2 code (XK for Kosovo*).")
    level: str = Field(description="region, department, city, municipality or city_municipality.")
    code: str = Field(description="Official statistical code (see `code_scheme`); empty when none.")
    code_scheme: str = Field(description="insee, nsi, rzs, lau, iso3166-2…")
    population: int | None
    population_year: int | None
    latitude: float | None
    longitude: float | None
    parent_id: int | None = Field(
        description="The authority this one is a part of (a city for its city municipalities)."
    )
    is_subunit: bool = Field(description="True for the city municipalities (arrondissements) of a city.")
    is_demo: bool = Field(description="True for demonstration records.")
    url: str = Field(description="The authority's page on Mostovi.")
    names: dict[str, str] = Field(
        description="Its current names by language tag (sq, sr, sr-Latn, mk, tr…), the official one included."
    )

    @staticmethod
    def resolve_names(obj) -> dict[str, str]:
        return {tag: name for tag, name in official_names(obj).items() if tag != "und"}

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("directory:detail", args=[obj.pk])


class OtherNameOut(Schema):
    lang: str = Field("", description="BCP 47 language tag (sq, sr-Cyrl, …).")
    name: str


class LanguageOut(Schema):
    lang: str = Field(description="ISO 639 code (sq, sr, tr…).")
    status: str = Field(description="official, co_official or in_official_use.")
    majority: bool = Field(description="True for the language of the majority, as the sources record it.")
    source: dict
    checked_on: str = Field(description="ISO date the source was checked; empty when not yet checked.")
    unverified: str = Field("", description="What is not yet verified; empty if none.")


class ParentOut(Schema):
    id: int
    name: str
    name_latin: str
    level: str


class MembershipOut(Schema):
    network_id: int
    id: int = Field(description="The network's id (same as `network_id`).")
    acronym: str
    name: str
    since: int | None = Field(description="Year the membership started, when known.")
    status: str


class AuthorityDetailOut(AuthorityOut):
    other_names: list[OtherNameOut]
    languages: list[LanguageOut] = Field(
        description="Languages in official use in this authority (not only in its country), with sources."
    )
    admin_area: str = Field(description="Province or district (Bulgarian oblast, Serbian okrug…).")
    website: str
    parent: ParentOut | None
    children: list[int] = Field(description="Ids of its sub-units (city municipalities of a city).")
    networks: list[MembershipOut] = Field(description="The networks and associations it is a member of.")
    partnerships: list[dict] = Field(description="Its partnerships (filled by the partnerships module).")
    sources: list[dict]
    unverified: str = Field(description="Facts not yet checked against an official source; empty if none.")
    mandate_started_on: date | None = Field(
        None, description="When the council's current mandate began (ISO date), when recorded."
    )
    next_elections_on: date | None = Field(
        None, description="Date of the next local elections (ISO date), when recorded."
    )

    @staticmethod
    def resolve_other_names(obj) -> list[dict]:
        return [
            {"lang": entry.get("lang", ""), "name": entry["name"]}
            for entry in obj.other_names or []
            if isinstance(entry, dict) and entry.get("name")
        ]

    @staticmethod
    def resolve_children(obj) -> list[int]:
        return [child.pk for child in obj.children.all()]

    @staticmethod
    def resolve_networks(obj) -> list[dict]:
        return [
            {
                "network_id": m.network_id,
                "id": m.network_id,
                "acronym": m.network.acronym,
                "name": m.network.name,
                "since": m.since,
                "status": m.status,
            }
            for m in obj.network_memberships.all()
        ]

    @staticmethod
    def resolve_partnerships(obj) -> list[dict]:
        return [
            {
                "id": p.pk,
                "kind": p.kind,
                "status": p.status,
                "partner_ids": [m.authority_id for m in p.members.all()],
                "signed_on": p.signed_on.isoformat() if p.signed_on else None,
                "is_demo": p.is_demo,
            }
            for p in authority_records(obj, "partnerships")
        ]

    @staticmethod
    def resolve_sources(obj) -> list[dict]:
        return [entry for entry in obj.sources or [] if isinstance(entry, dict)]


class NetworkOut(Schema):
    id: int
    acronym: str
    name: str
    name_latin: str
    kind: str = Field(
        description="european_federation, regional_network, national_association, decentralised_cooperation "
        "or agency (a Local Democracy Agency of ALDA)."
    )
    country: str = Field(description="ISO 3166-1 alpha-2 code of its seat; empty for international networks.")
    website: str
    member_count: int = Field(description="Direct members (authorities, associations or agencies).")
    member_count_indirect: int = Field(
        description="Authorities that belong to it only through a member association or network."
    )

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.network_kind


class MemberAuthorityOut(Schema):
    id: int
    name: str
    name_latin: str
    country: str
    level: str


class ViaOut(Schema):
    id: int
    acronym: str
    name: str


class NetworkMemberOut(Schema):
    authority: MemberAuthorityOut
    direct: bool = Field(description="True for a member in its own name; false through `via`.")
    via: ViaOut | None = Field(description="The member association or network it belongs through.")
    status: str
    since: int | None = Field(description="Year the (direct, or `via`'s) membership started, when known.")
    source: str = Field(
        description="Address of the source stating the membership (for an indirect one: "
        "of the authority's membership in `via`)."
    )
    checked_on: date | None = Field(description="When the source was last checked.")
    unverified: str = Field(description="What no source confirms (empty when all is confirmed).")


# The columns an AuthorityOut needs (the large JSON ones stay in the database).
AUTHORITY_LIST_FIELDS = [
    "id", "name", "name_latin", "country", "level", "code", "code_scheme", "population", "population_year",
    "latitude", "longitude", "parent", "is_subunit", "is_demo", "other_names",
]  # fmt: skip


class SearchPagination(LimitOffsetPagination):
    """Limit/offset where a search's total comes with the page (COUNT(*) OVER ()): the search runs once.

    The view marks its queryset with `count_total`, a cheap counter used when the page is empty, and with
    `total_in_page` (true for a search; a plain list is counted apart, which an index answers faster than a
    window over every row).
    """

    def paginate_queryset(self, queryset, pagination, request, **params):
        count_total = getattr(queryset, "count_total", None)
        offset = pagination.offset
        limit = min(pagination.limit, self.max_limit)
        if count_total is None:
            return super().paginate_queryset(queryset, pagination, request, **params)
        if not getattr(queryset, "total_in_page", False):
            return {self.items_attribute: list(queryset[offset : offset + limit]), "count": count_total()}
        items = list(queryset.annotate(total_count=Window(Count("id")))[offset : offset + limit])
        # An empty page has no row to carry the total: count only when past the first page.
        count = items[0].total_count if items else (count_total() if offset else 0)
        return {self.items_attribute: items, "count": count}


def _check_choice(value: str | None, allowed, message: str) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise HttpError(422, message % {"code": value[:20]})
    return value


@router.get(
    "/authorities",
    response={200: list[AuthorityOut], 422: ErrorOut},
    summary="Search local authorities",
    description=(
        "Local authorities, best matches first. `q` matches names in any script, with or without diacritics "
        "(“Nis”, “Niš” and “Ниш” all find Niš) and by the start of a name or of a word in it. Without `q`, "
        "the most populated first. Answers `{count, items}`; `limit` 1–100 (default 20)."
    ),
)
@paginate(SearchPagination)
def authorities(
    request,
    q: str = Query("", description="Name or start of a name, any script (the first 100 letters count)."),
    country: str | None = Query(None, description="ISO 3166-1 alpha-2: FR, BG, RS, MK, AL, BA, ME, XK."),
    level: str | None = Query(None, description="region, department, city, municipality, city_municipality."),
    network: int | None = Query(None, description="Only the members of this network (its id)."),
):
    country = _check_choice((country or "").upper() or None, COUNTRIES, _("Unknown country: %(code)s."))
    level = _check_choice(level, Level.values, _("Unknown level: %(code)s."))
    params = {"q": q, "country": country, "level": level, "network": network}
    queryset = authority_search(**params).only(*AUTHORITY_LIST_FIELDS)
    queryset.count_total = lambda: authority_search_count(**params)
    queryset.total_in_page = bool(q.strip())
    return queryset


@router.get(
    "/authorities/{authority_id}",
    response={200: AuthorityDetailOut, 404: ErrorOut},
    summary="One local authority",
    description="With its other official names, parent, sub-units, network memberships and partnerships.",
)
def authority(request, authority_id: int):
    try:
        return organisation_detail(pk=authority_id, kind=OrganisationKind.LOCAL_AUTHORITY)
    except Organisation.DoesNotExist:
        raise HttpError(404, _("No local authority has this id.")) from None


@router.get(
    "/networks",
    response={200: list[NetworkOut], 422: ErrorOut},
    summary="Networks and associations of local authorities",
    description=(
        "With their kind, their number of direct members and of authorities belonging through a member "
        "association. Answers `{count, items}`."
    ),
)
@paginate(LimitOffsetPagination)
def networks(request):
    return network_list_counts()


@router.get(
    "/networks/{network_id}/members",
    response={200: list[NetworkMemberOut], 404: ErrorOut, 422: ErrorOut},
    summary="The authorities of a network, direct and indirect",
    description=(
        "Each member authority with how it belongs (`direct`, or `via` a member association), since when, "
        "the address of the source and what is unverified. Direct members first. Answers `{count, items}`."
    ),
)
@paginate(LimitOffsetPagination)
def network_members(
    request,
    network_id: int,
    direct: bool | None = Query(None, description="true: direct members only; false: indirect only."),
    country: str | None = Query(None, description="ISO 3166-1 alpha-2 code."),
):
    country = _check_choice((country or "").upper() or None, COUNTRIES, _("Unknown country: %(code)s."))
    if not Organisation.objects.alive().filter(pk=network_id, kind=OrganisationKind.NETWORK).exists():
        raise HttpError(404, _("No network has this id."))
    return network_members_page(network_id, direct=direct, country=country)
