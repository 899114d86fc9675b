"""Partnership endpoints of the public API (`/api/v1/partnerships`)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from mostovi.core.api.pagination import LimitOffsetPagination
from mostovi.core.api.schemas import MAX_ID, ErrorOut
from mostovi.themes.models import Theme

from . import permissions, selectors

router = Router(tags=["partnerships"])


class PartnershipPartnerOut(Schema):
    id: int
    name: str = Field(description="Official name, in its own script.")
    name_latin: str
    country: str = Field(description="ISO 3166-1 alpha-2 code (XK for Kosovo*).")


class PartnershipOut(Schema):
    id: int
    kind: str = Field(
        description="twinning, cooperation, mou, friendship or unspecified (source did not say)."
    )
    status: str = Field(description="active, dormant, ended or unknown.")
    partner_ids: list[int] = Field(description="Ids of the partner authorities (see /authorities/{id}).")
    partners: list[PartnershipPartnerOut]
    signed_on: date | None
    renewed_on: date | None
    ends_on: date | None
    since_year: int | None = Field(description="Year it started, when only the year is known.")
    themes: list[str] = Field(description="Theme slugs.")
    working_languages: list[str]
    sources: list[dict] = Field(description="Where a reference record comes from: title, url, licence…")
    unverified: str = Field(description="What the sources leave to be checked; empty if nothing.")
    is_demo: bool = Field(description="True for demonstration records, which describe no real agreement.")
    url: str = Field(description="The partnership's page on Mostovi.")

    @staticmethod
    def resolve_partner_ids(obj) -> list[int]:
        return [m.authority_id for m in obj.members.all()]

    @staticmethod
    def resolve_partners(obj) -> list[dict]:
        return [
            {
                "id": m.authority_id,
                "name": m.authority.name,
                "name_latin": m.authority.name_latin or m.authority.name,
                "country": m.authority.country,
            }
            for m in obj.members.all()
        ]

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_working_languages(obj) -> list[str]:
        return list(obj.working_languages or [])

    @staticmethod
    def resolve_sources(obj) -> list[dict]:
        return [s for s in obj.sources or [] if isinstance(s, dict)]

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("partnerships:detail", args=[obj.pk])


@router.get(
    "/partnerships",
    response={200: list[PartnershipOut], 422: ErrorOut},
    summary="Partnerships between local authorities",
    description=(
        "Twinnings, cooperation conventions, memoranda, friendship agreements; the most recent signature "
        "first. "
        "Reference records carry their `sources`; `unverified` says what they leave open; demo records have "
        "`is_demo`. Answers `{count, items}`; `limit` 1–100 (default 20)."
    ),
)
@paginate(LimitOffsetPagination)
def partnerships(
    request,
    authority: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only the partnerships of this authority (its id)."
    ),
    country: str | None = Query(
        None, description="With a partner in this country: FR, BG, RS, MK, AL, BA, ME, XK."
    ),
    theme: str | None = Query(None, description="Theme slug, e.g. water-sanitation."),
):
    country = (country or "").strip().upper() or None
    if country and country not in selectors.COUNTRIES:
        raise HttpError(422, _("Unknown country: %(code)s.") % {"code": country[:20]})
    theme = (theme or "").strip() or None
    if theme and not Theme.objects.filter(slug=theme).exists():
        raise HttpError(422, _("Unknown theme: %(themes)s.") % {"themes": theme[:40]})
    return selectors.partnership_list(authority=authority, country=country, theme=theme)


@router.get(
    "/partnerships/{partnership_id}",
    response={200: PartnershipOut, 404: ErrorOut},
    summary="One partnership",
)
def partnership(request, partnership_id: int):
    found = selectors.partnership_get_for_page(pk=partnership_id)
    if (
        found is None
        or found.deleted_at is not None
        or not permissions.can_view_partnership(request.user, found)
    ):
        raise HttpError(404, _("No partnership has this id."))
    return found
