"""Partner suggestions in the public API: for an authority, and for an exchange post (`docs/SUGGESTIONS.md`).

Mounted at the API root: `/api/v1/authorities/{id}/suggestions` and `/api/v1/exchange/{post_id}/suggestions`.
Public data only: private and draft projects change nothing (neither the exclusions nor the reasons).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import ErrorOut
from mostovi.directory.models import Organisation, OrganisationKind

from . import services
from .exceptions import InvalidInput
from .models import Post
from .suggestions import DEFAULT_LIMIT, MAX_SUGGESTIONS, suggestions_for_authority, suggestions_for_post

router = Router(tags=["suggestions"])


class SuggestedAuthorityOut(Schema):
    id: int
    name: str = Field(description="Official name, in its own script.")
    name_latin: str
    country: str = Field(description="ISO 3166-1 alpha-2 code (XK for Kosovo*).")
    level: str
    code: str
    population: int | None
    latitude: float | None
    longitude: float | None
    parent_id: int | None
    is_subunit: bool
    is_demo: bool
    url: str = Field(description="The authority's page on Mostovi.")

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("directory:detail", args=[obj.pk])


class SuggestionOut(Schema):
    authority: SuggestedAuthorityOut
    score: int = Field(description="0–100; the sum of the signals' points (docs/SUGGESTIONS.md).")
    reasons: list[str] = Field(description="Why, strongest first, in the request's language.")


class SuggestionListOut(Schema):
    count: int = Field(description=f"How many suggestions there are (at most {MAX_SUGGESTIONS}).")
    items: list[SuggestionOut]


DESCRIPTION = (
    "Ranked candidates with a score (0–100) and human-readable reasons, in the request's language. Never the "
    "authority itself nor its current partners, nor the authorities it marked as not relevant; for an "
    "authority whose open posts all name countries sought, and for a post that names some, only in those "
    "countries; otherwise another country than its own unless nothing else fits. "
    f"`limit` 1–{MAX_SUGGESTIONS} (default {DEFAULT_LIMIT}), `offset` within the {MAX_SUGGESTIONS} best."
)


def _page(result) -> dict:
    return {
        "count": result.count,
        "items": [
            {"authority": item.authority, "score": item.score, "reasons": item.reasons}
            for item in result.items
        ],
    }


@router.get(
    "/authorities/{authority_id}/suggestions",
    response={200: SuggestionListOut, 404: ErrorOut, 422: ErrorOut},
    summary="Partners that would fit a local authority",
    description=DESCRIPTION,
)
def authority_suggestions(
    request,
    authority_id: int,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_SUGGESTIONS),
    offset: int = Query(0, ge=0, le=MAX_SUGGESTIONS),
    country: str = Query("", description="Only in this country (ISO code); an unknown one answers 422."),
    theme: str = Query("", description="Only authorities active on this theme (slug); unknown: 422."),
):
    try:
        result = suggestions_for_authority(
            authority_id=authority_id, limit=limit, offset=offset, country=country, theme=theme
        )
    except Organisation.DoesNotExist:
        raise HttpError(404, _("No local authority has this id.")) from None
    except InvalidInput as error:
        raise HttpError(422, str(error)) from None
    return _page(result)


class DismissalOut(Schema):
    authority_id: int
    suggested_id: int


@router.post(
    "/authorities/{authority_id}/suggestions/{suggested_id}/dismiss",
    response={200: DismissalOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Mark a suggested partner as not relevant",
    description=(
        "The suggested authority no longer appears among the authority's suggestions (nor those of its "
        "posts); remembered. The caller acts for the authority (officer, elected official, technical staff). "
        "Marking it again changes nothing."
    ),
)
def suggestion_dismiss(request, authority_id: int, suggested_id: int):
    user = require_user(request)
    local = Organisation.objects.alive().filter(kind=OrganisationKind.LOCAL_AUTHORITY)
    authority = local.filter(pk=authority_id).first()
    if authority is None:
        raise HttpError(404, _("No local authority has this id."))
    suggested = Organisation.objects.filter(pk=suggested_id).first()
    if suggested is None:
        raise HttpError(404, _("No local authority has this id."))
    dismissal = services.suggestion_dismiss(actor=user, authority=authority, suggested=suggested)
    return {"authority_id": dismissal.authority_id, "suggested_id": dismissal.suggested_id}


@router.get(
    "/exchange/{post_id}/suggestions",
    response={200: SuggestionListOut, 404: ErrorOut, 422: ErrorOut},
    summary="Authorities that could answer an offer or a need",
    description=DESCRIPTION + " Closed and expired posts still answer; a deleted post is not found.",
)
def post_suggestions(
    request,
    post_id: int,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_SUGGESTIONS),
    offset: int = Query(0, ge=0, le=MAX_SUGGESTIONS),
):
    try:
        result = suggestions_for_post(post_id=post_id, limit=limit, offset=offset)
    except Post.DoesNotExist:
        raise HttpError(404, _("No exchange post has this id.")) from None
    return _page(result)
