"""`GET|PUT /api/v1/authorities/{id}/profile`: how an authority presents itself, one text per language."""

from datetime import datetime

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from ninja import Field, Router, Schema

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import ErrorOut, LanguageTextOut, text_out
from mostovi.directory.models import Organisation

from . import services
from .permissions import can_edit_authority_profile
from .selectors import profile_for_reader

router = Router(tags=["profiles"])


class ProfileSectionOut(Schema):
    section: str = Field(description="heritage, culture, pride, languages, service, holidays or protocol.")
    label: str = Field(description="The section's name in the request's language.")
    shown: LanguageTextOut = Field(description="The text a reader of the request's language sees.")
    texts: list[LanguageTextOut] = Field(description="Every language of the section, the original first.")


class ProfilePersonOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class ProfileOut(Schema):
    authority_id: int
    revision: int = Field(description="0 when the authority has not presented itself; send it back with PUT.")
    working_languages: list[str]
    interpretation_needed: bool
    interpretation_pairs: list[list[str]]
    service_people: list[ProfilePersonOut]
    contact_email: str
    contact_phone: str
    is_demo: bool
    updated_by: str | None
    updated_at: datetime | None
    sections: list[ProfileSectionOut]
    can_edit: bool = Field(description="Whether the caller may change this profile.")
    url: str


class ProfileTextIn(Schema):
    section: str
    language: str
    text: str = Field(description="Empty removes that language (the original: the whole section).")
    original: bool = Field(False, description="Say that this text is the section's original.")


class ProfilePersonIn(Schema):
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""


class ProfileIn(Schema):
    revision: int | None = Field(None, description="The revision read; a newer one on the server gives 409.")
    working_languages: list[str] | None = None
    interpretation_needed: bool | None = None
    interpretation_pairs: list[list[str]] | None = None
    service_people: list[ProfilePersonIn] | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    texts: list[ProfileTextIn] | None = Field(
        None, description="The texts to write; others stay as they are."
    )


def _authority(authority_id: int) -> Organisation:
    authority = Organisation.objects.alive().filter(pk=authority_id).first()
    if authority is None or not authority.is_authority:
        raise Http404
    return authority


def _profile_out(request, authority) -> dict:
    view = profile_for_reader(authority=authority, language=translation.get_language())
    profile = view.profile
    return {
        "authority_id": authority.pk,
        "revision": profile.revision if profile else 0,
        "working_languages": profile.working_languages if profile else [],
        "interpretation_needed": profile.interpretation_needed if profile else False,
        "interpretation_pairs": profile.interpretation_pairs if profile else [],
        "service_people": profile.service_people if profile else [],
        "contact_email": profile.contact_email if profile else "",
        "contact_phone": profile.contact_phone if profile else "",
        "is_demo": profile.is_demo if profile else False,
        "updated_by": str(profile.updated_by) if profile and profile.updated_by else None,
        "updated_at": profile.updated_at if profile else None,
        "sections": [
            {
                "section": s.section,
                "label": s.label,
                "shown": text_out(s.shown),
                "texts": [text_out(t) for t in s.texts],
            }
            for s in view.sections
            if s.shown is not None
        ],
        "can_edit": can_edit_authority_profile(request.user, authority),
        "url": reverse("profiles:detail", args=[authority.pk]),
    }


@router.get(
    "/authorities/{authority_id}/profile",
    response={200: ProfileOut, 404: ErrorOut},
    summary="How an authority presents itself",
    description="Public. Each section in the request's language when written in it, else the original.",
)
def profile_get(request, authority_id: int):
    return _profile_out(request, _authority(authority_id))


@router.put(
    "/authorities/{authority_id}/profile",
    response={200: ProfileOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change an authority's profile",
    description=(
        "For the authority's confirmed officers and elected officials only. Fields left out (or null) stay "
        "as they are; each text given is written (an empty one removes that language)."
    ),
)
def profile_put(request, authority_id: int, payload: ProfileIn):
    user = require_user(request)
    authority = _authority(authority_id)
    data = payload.dict()
    texts = data.pop("texts")
    revision = data.pop("revision")
    services.authority_profile_update(actor=user, authority=authority, revision=revision, texts=texts, **data)
    return _profile_out(request, authority)
