"""`GET /api/v1/translations/{content}/{id}/{field}` and `PUT …/{language}`: a partner's text with the
partners' translations, and writing one."""

from django.http import Http404
from django.utils import translation
from ninja import Field, Router, Schema

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import ErrorOut, LanguageTextOut, text_out

from . import permissions, services
from .contents import content_for
from .selectors import forget_translations, multilingual

router = Router(tags=["translations"])


class MultilingualOut(Schema):
    content: str = Field(description="programme (a project's id), mission or post.")
    object_id: int
    field: str
    label: str
    shown: LanguageTextOut = Field(description="What a reader of the request's language sees.")
    texts: list[LanguageTextOut] = Field(description="The original first, then every translation.")
    can_translate: bool


class TranslationIn(Schema):
    text: str
    authority_id: int | None = Field(None, description="The authority it is written for, when several.")


def _load(request, content: str, object_id: int, field: str):
    kind = content_for(content, field)
    obj = kind.load(object_id) if kind is not None else None
    if obj is None or not kind.can_view(request.user, obj):
        raise Http404
    return kind, obj


def _out(request, kind, obj, field: str) -> dict:
    ml = multilingual(content=kind, obj=obj, field_name=field, language=translation.get_language())
    if ml is None:
        raise Http404
    return {
        "content": kind.name,
        "object_id": obj.pk,
        "field": field,
        "label": ml.label,
        "shown": text_out(ml.shown),
        "texts": [text_out(t) for t in ml.texts],
        "can_translate": permissions.can_add_translation(request.user, kind, obj),
    }


@router.get(
    "/translations/{content}/{object_id}/{field}",
    response={200: MultilingualOut, 404: ErrorOut},
    summary="A partner's text with its translations",
)
def translations_get(request, content: str, object_id: int, field: str):
    kind, obj = _load(request, content, object_id, field)
    return _out(request, kind, obj, field)


@router.put(
    "/translations/{content}/{object_id}/{field}/{language}",
    response={200: MultilingualOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Write a translation of a partner's text",
    description="For the members of the authorities the text belongs to (a project's partners, a post's).",
)
def translation_put(request, content: str, object_id: int, field: str, language: str, payload: TranslationIn):
    user = require_user(request)
    services.translation_save(
        actor=user,
        content=content,
        object_id=object_id,
        field=field,
        language=language,
        text=payload.text,
        authority_id=payload.authority_id,
    )
    kind, obj = _load(request, content, object_id, field)
    forget_translations(obj)
    return _out(request, kind, obj, field)
