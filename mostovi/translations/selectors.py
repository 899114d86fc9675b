"""What a reader sees of a partner's text: the original, and the partners' translations beside it
(`core.multilingual.pick` chooses which one first)."""

from dataclasses import dataclass, field

from django.utils import translation

from mostovi.core.multilingual import Text, pick

from .contents import Content
from .models import Translation


@dataclass
class Multilingual:
    """A text as a reader sees it: `shown` first, beside its `original` when it is a translation."""

    content: str
    object_id: int
    field: str
    label: str
    shown: Text
    original: Text
    others: list[Text] = field(default_factory=list)  # the other translations, outdated ones marked
    texts: list[Text] = field(default_factory=list)  # the original first, then every translation


def translations_of(obj) -> list[Translation]:
    """Every translation of `obj`'s fields, read once per record (kept on it for the other fields)."""
    cached = getattr(obj, "_partner_translations", None)
    if cached is None:
        # Through the content type's natural key: one query, even before the content types are cached.
        meta = obj._meta.concrete_model._meta
        cached = list(
            Translation.objects.filter(
                content_type__app_label=meta.app_label, content_type__model=meta.model_name, object_id=obj.pk
            ).select_related("authority")
        )
        obj._partner_translations = cached
    return cached


def forget_translations(obj) -> None:
    if hasattr(obj, "_partner_translations"):
        del obj._partner_translations


def multilingual(
    *, content: Content, obj, field_name: str, language: str | None = None
) -> Multilingual | None:
    """The text of `obj`'s `field_name` for a reader of `language` (the current one by default), with every
    other language; None when the original is empty."""
    text = content.original(obj, field_name)
    if not text:
        return None
    language = language or translation.get_language()
    version = content.version(obj)
    original = Text(language=content.language(obj), text=text, is_original=True)
    written = [
        Text(
            language=t.language,
            text=t.text,
            is_original=False,
            by=str(t.authority),
            outdated=t.of_version < version,
            written_at=t.updated_at,
        )
        for t in translations_of(obj)
        if t.field == field_name
    ]
    # A translation kept by the app itself counts only where the partners wrote none in that language.
    languages = {t.language for t in written} | {original.language}
    written += [t for t in content.kept(obj, field_name) if t.language not in languages]
    texts = [original, *written]
    shown = pick(texts, language)
    others = [t for t in written if t.language != shown.language]
    return Multilingual(
        content=content.name,
        object_id=obj.pk,
        field=field_name,
        label=str(content.fields[field_name]),
        shown=shown,
        original=original,
        others=others,
        texts=texts,
    )
