"""Every write of a partner's translation: `translation_save`, atomic, with its event and history."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.core.services import event_record
from mostovi.core.text import clean_language, clean_text

from . import permissions
from .contents import content_for
from .exceptions import InvalidInput, NotAllowed, NotFound
from .models import Translation
from .selectors import forget_translations


@transaction.atomic
def translation_save(
    *,
    actor,
    content: str,
    object_id: int,
    field: str,
    language: str,
    text: str,
    authority_id: int | None = None,
) -> Translation:
    """Write (or rewrite) the translation into `language` of one field of a partner's text, for one of the
    authorities the actor may translate it for (`authority_id`, else the first of them). It translates the
    current version of the original; a later version will mark it outdated."""
    kind = content_for(content, field)
    obj = kind.load(object_id) if kind is not None else None
    if obj is None or not kind.can_view(actor, obj):
        raise NotFound(_("There is no such text to translate."))
    allowed = permissions.translating_authorities(actor, kind, obj)
    if not allowed:
        raise NotAllowed(_("Only the members of the authorities this text belongs to translate it."))
    if authority_id is None:
        authority_id = allowed[0]
    elif authority_id not in allowed:
        raise NotAllowed(_("You do not act for that authority on this text."))
    language = clean_language(language, error=InvalidInput)
    original_language = kind.language(obj)
    if original_language and language == original_language.lower():
        raise InvalidInput(_("The original is written in that language."), field="language")
    original = kind.original(obj, field)
    if not original:
        raise InvalidInput(_("There is no text to translate yet."))
    text = clean_text(text, what=_("Translation"), error=InvalidInput, required=_("Write the translation."))
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    translation = (
        Translation.objects.select_for_update()
        .filter(content_type=content_type, object_id=obj.pk, field=field, language=language)
        .first()
    )
    version = kind.version(obj)
    if translation is None:
        translation = Translation(content_type=content_type, object_id=obj.pk, field=field, language=language)
    elif (
        translation.text == text
        and translation.of_version == version
        and translation.authority_id == authority_id
    ):
        return translation
    translation.text = text
    translation.of_version = version
    translation.authority_id = authority_id
    translation.author = actor
    translation._history_user = actor
    translation.save()
    forget_translations(obj)
    event_record(
        actor=actor,
        kind="translation.saved",
        target=translation,
        scope=kind.scope(obj),
        data={
            "content": kind.name,
            "object": obj.pk,
            "field": field,
            "language": language,
            "version": version,
            "authority": authority_id,
        },
    )
    return translation
