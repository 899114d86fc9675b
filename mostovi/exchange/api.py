"""Exchange endpoints of the public API (`/api/v1/exchange`): offers and needs of local authorities.

Every write goes through `services`: `NotAllowed` → 403, `InvalidInput` → 422, both `{"detail"}`.
A deleted post answers 404, like one that does not exist.
"""

from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from mostovi.core.api.auth import require_user
from mostovi.core.api.pagination import LimitOffsetPagination
from mostovi.core.api.schemas import ErrorOut
from mostovi.directory.models import Organisation, OrganisationKind

from . import selectors, services
from .exceptions import InvalidInput

router = Router(tags=["exchange"])


class TranslationOut(Schema):
    language: str
    title: str
    body: str


class PostOut(Schema):
    id: int
    kind: str = Field(description="offer or need")
    authority_id: int
    on_behalf_of_network_id: int | None = None
    themes: list[str] = Field(description="Theme slugs (see the themes catalogue).")
    title: str = Field(description="In `language`, the language of the original.")
    body: str
    language: str
    translations: list[TranslationOut]
    valid_until: date
    countries_sought: list[str]
    partner_levels: list[str]
    partner_size: str
    working_languages: list[str]
    duration_months: int | None = None
    status: str
    is_demo: bool

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_translations(obj) -> list[dict]:
        return [{"language": t.language, "title": t.title, "body": t.body} for t in obj.translations.all()]


class PostIn(Schema):
    authority_id: int
    on_behalf_of_network_id: int | None = Field(
        None, description="A network coordinator posting for a member authority names the network."
    )
    kind: str = Field(description="offer or need")
    themes: list[str] = Field(description="Theme slugs, at least one.")
    title: str = Field(max_length=200)
    body: str = Field(max_length=10_000)
    language: str | None = Field(None, max_length=10, description="Defaults to the request's language.")
    valid_until: date
    countries_sought: list[str] = []
    partner_levels: list[str] = []
    partner_size: str = ""
    working_languages: list[str] = []
    duration_months: int | None = None


@router.get(
    "/exchange",
    response={200: list[PostOut], 422: ErrorOut},
    summary="Offers and needs of the partner-search exchange",
    description=(
        "Open posts whose validity date is not past, newest first. `country` is the country of the posting "
        "authority (FR, BG, RS, MK, AL, BA, ME, XK), `sought` a country where a partner is sought. Each post "
        "has its original text (`title`, `body` in `language`) and its `translations`. Demo records have "
        "`is_demo` true. Answers `{count, items}`; an unknown kind, theme or country answers 422."
    ),
)
@paginate(LimitOffsetPagination)
def post_list(
    request,
    kind: str | None = Query(None, description="offer or need."),
    theme: str | None = Query(None, description="A theme slug."),
    country: str | None = Query(None, description="Country of the posting authority."),
    sought: str | None = Query(None, description="Country where a partner is sought."),
    language: str | None = Query(None, description="Posts written or translated in this language."),
    expired: bool = Query(False, description="Include the posts whose validity date is past."),
):
    params = {"kind": kind, "theme": theme, "country": country, "sought": sought, "language": language}
    try:
        filters = selectors.filters_clean({k: v for k, v in params.items() if v})
    except InvalidInput as exc:
        raise HttpError(422, str(exc)) from None
    return selectors.post_list(filters=filters, include_expired=expired)


@router.get(
    "/exchange/{post_id}",
    response={200: PostOut, 404: ErrorOut},
    summary="One post of the exchange",
)
def post_detail(request, post_id: int):
    post = selectors.post_get(pk=post_id)
    if post is None:
        raise HttpError(404, _("No post has this id."))
    return post


@router.post(
    "/exchange",
    response={201: PostOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Publish an offer or a need",
    description=(
        "The caller acts (officer, elected official or technical staff) for the authority, or coordinates a "
        "network it belongs to and names it in `on_behalf_of_network_id`."
    ),
)
def post_create(request, payload: PostIn):
    user = require_user(request)
    authority = Organisation.objects.alive().filter(pk=payload.authority_id).first()
    if authority is None:
        raise InvalidInput(_("Unknown local authority: %(ids)s.") % {"ids": payload.authority_id})
    network = None
    if payload.on_behalf_of_network_id is not None:
        network = (
            Organisation.objects.alive()
            .filter(pk=payload.on_behalf_of_network_id, kind=OrganisationKind.NETWORK)
            .first()
        )
        if network is None:
            raise InvalidInput(_("Unknown network: %(id)s.") % {"id": payload.on_behalf_of_network_id})
    post = services.post_create(
        actor=user,
        authority=authority,
        on_behalf_of_network=network,
        kind=payload.kind,
        themes=payload.themes,
        title=payload.title,
        body=payload.body,
        language=payload.language or get_language(),
        valid_until=payload.valid_until,
        countries_sought=payload.countries_sought,
        partner_levels=payload.partner_levels,
        partner_size=payload.partner_size,
        working_languages=payload.working_languages,
        duration_months=payload.duration_months,
    )
    return Status(201, selectors.post_get(pk=post.pk))
