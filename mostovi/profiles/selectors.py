"""What a reader sees of an authority's profile: each section in their language when it exists, else the
original, always saying which (`core.multilingual`), and the profile's history."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import translation

from mostovi.core.multilingual import Text, pick

from .models import AuthorityProfile, ProfileText, Section

FACT_LABELS = {
    "working_languages": Section.LANGUAGES,
    "interpretation_needed": Section.LANGUAGES,
    "interpretation_pairs": Section.LANGUAGES,
    "service_people": Section.SERVICE,
    "contact_email": Section.SERVICE,
    "contact_phone": Section.SERVICE,
}

# Sections shown even without a text: their facts are there.
FACT_SECTIONS = (Section.LANGUAGES, Section.SERVICE)


@dataclass
class SectionView:
    section: str
    label: str
    shown: Text | None  # None: a section of facts without a text (languages, service)
    original: Text | None
    others: list[Text] = field(default_factory=list)  # every other language, outdated ones marked
    texts: list[Text] = field(default_factory=list)  # every language as written, the original first


@dataclass
class ProfileView:
    authority: object
    profile: AuthorityProfile | None
    sections: list[SectionView]

    @property
    def is_empty(self) -> bool:
        return self.profile is None or self.profile.revision == 0


@dataclass
class HistoryLine:
    revision: int
    user: object
    at: datetime
    changed: list[str]  # labels of the sections whose text or facts changed


def _as_text(text: ProfileText, original: ProfileText | None, by: str) -> Text:
    return Text(
        language=text.language,
        text=text.text,
        is_original=text.is_original,
        by="" if text.is_original else by,
        outdated=not text.is_original and original is not None and text.revision < original.revision,
        written_at=text.updated_at,
    )


def profile_get(*, authority) -> AuthorityProfile | None:
    return (
        AuthorityProfile.objects.select_related("updated_by")
        .prefetch_related("texts")
        .filter(authority=authority)
        .first()
    )


def profile_for_reader(*, authority, language: str | None = None) -> ProfileView:
    """The profile as a reader of `language` (the current one by default) sees it, section by section in the
    order of `Section`; two queries."""
    language = language or translation.get_language()
    profile = profile_get(authority=authority)
    sections = []
    if profile is not None:
        by_section: dict[str, list[ProfileText]] = {}
        for text in profile.texts.all():
            by_section.setdefault(text.section, []).append(text)
        by = str(authority)
        for section in Section:
            rows = by_section.get(section.value)
            if not rows:
                if section in FACT_SECTIONS:
                    sections.append(SectionView(section.value, str(section.label), None, None))
                continue
            original_row = next((t for t in rows if t.is_original), rows[0])
            texts = [_as_text(t, original_row, by) for t in rows]
            original = next((t for t in texts if t.is_original), texts[0])
            shown = pick(texts, language)
            others = [t for t in texts if t is not original and t.language != shown.language]
            ordered = [original] + [t for t in texts if t is not original]
            sections.append(SectionView(section.value, str(section.label), shown, original, others, ordered))
    return ProfileView(authority=authority, profile=profile, sections=sections)


def profile_history(*, authority, limit: int = 50) -> list[HistoryLine]:
    """Who changed the profile, when, and which sections (newest first)."""
    profile = AuthorityProfile.objects.filter(authority=authority).first()
    if profile is None:
        return []
    lines = []
    for row in profile.history.select_related("history_user").filter(revision__gt=0)[:limit]:
        changed = []
        for code in (row.history_change_reason or "").split():
            section = FACT_LABELS.get(code, code)
            if section in Section.values and str(Section(section).label) not in changed:
                changed.append(str(Section(section).label))
        lines.append(HistoryLine(row.revision, row.history_user, row.history_date, changed))
    return lines


def profile_summary(*, authority) -> dict:
    """Whether the authority presented itself, and the labels of its written sections (one query)."""
    rows = list(
        AuthorityProfile.objects.filter(authority=authority, revision__gt=0)
        .order_by()
        .values_list("is_demo", "texts__section", "texts__is_original")
    )
    present = {section for _demo, section, is_original in rows if is_original}
    return {
        "exists": bool(rows),
        "sections": [str(section.label) for section in Section if section.value in present],
        "is_demo": any(demo for demo, _section, _original in rows),
    }
