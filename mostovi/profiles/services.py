"""Every write to an authority's profile: `authority_profile_update`, atomic, with its event and history."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core.services import event_record
from mostovi.core.text import clean_language, clean_languages, clean_line, clean_text

from . import permissions
from .exceptions import InvalidInput, NotAllowed, NotFound, StaleVersion
from .models import AuthorityProfile, ProfileText, Section

MAX_PEOPLE = 20
MAX_PAIRS = 20
PHONE_MAX = 40

# The profile's facts besides its texts, as the service takes them.
FACTS = (
    "working_languages",
    "interpretation_needed",
    "interpretation_pairs",
    "service_people",
    "contact_email",
    "contact_phone",
)


def _email(value, what: str) -> str:
    value = clean_line(value, what=what, error=InvalidInput, limit=254)
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise InvalidInput(_("%(field)s: not a valid e-mail address.") % {"field": what}) from None
    return value


def _phone(value, what: str) -> str:
    return clean_line(value, what=what, error=InvalidInput, limit=PHONE_MAX)


def _pairs(values) -> list[list[str]]:
    if not isinstance(values, list | tuple):
        raise InvalidInput(_("%(field)s: a list is expected.") % {"field": _("Interpretation between")})
    if len(values) > MAX_PAIRS:
        raise InvalidInput(_("At most %(limit)s pairs of languages.") % {"limit": MAX_PAIRS})
    pairs = []
    for pair in values:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise InvalidInput(_("A pair of languages is two language codes, such as fr and sr."))
        first, second = (clean_language(code, error=InvalidInput) for code in pair)
        if first == second:
            raise InvalidInput(_("A pair of languages needs two different languages."))
        if [first, second] not in pairs:
            pairs.append([first, second])
    return pairs


def _people(values) -> list[dict]:
    if not isinstance(values, list | tuple):
        raise InvalidInput(_("%(field)s: a list is expected.") % {"field": _("International service")})
    if len(values) > MAX_PEOPLE:
        raise InvalidInput(
            _("At most %(limit)s people in the international service.") % {"limit": MAX_PEOPLE}
        )
    people = []
    for person in values:
        if not isinstance(person, dict):
            raise InvalidInput(_("Each person of the international service has a name and a role."))
        people.append(
            {
                "name": clean_line(
                    person.get("name"),
                    what=_("Name"),
                    error=InvalidInput,
                    required=_("Each person of the international service needs a name."),
                ),
                "role": clean_line(person.get("role"), what=_("Role"), error=InvalidInput),
                "email": _email(person.get("email"), _("E-mail")),
                "phone": _phone(person.get("phone"), _("Phone")),
            }
        )
    return people


def _clean_facts(facts: dict) -> dict:
    cleaned = {}
    if facts.get("working_languages") is not None:
        cleaned["working_languages"] = clean_languages(facts["working_languages"], error=InvalidInput)
    if facts.get("interpretation_needed") is not None:
        if not isinstance(facts["interpretation_needed"], bool):
            raise InvalidInput(_("Interpretation needed: yes or no."))
        cleaned["interpretation_needed"] = facts["interpretation_needed"]
    if facts.get("interpretation_pairs") is not None:
        cleaned["interpretation_pairs"] = _pairs(facts["interpretation_pairs"])
    if facts.get("service_people") is not None:
        cleaned["service_people"] = _people(facts["service_people"])
    if facts.get("contact_email") is not None:
        cleaned["contact_email"] = _email(facts["contact_email"], _("Contact e-mail"))
    if facts.get("contact_phone") is not None:
        cleaned["contact_phone"] = _phone(facts["contact_phone"], _("Contact phone"))
    return cleaned


def _clean_texts(texts) -> list[dict]:
    if not isinstance(texts, list | tuple):
        raise InvalidInput(_("%(field)s: a list is expected.") % {"field": _("Texts")})
    cleaned, seen = [], set()
    for item in texts:
        if not isinstance(item, dict):
            raise InvalidInput(_("Each text names its section, its language and the text."))
        section = item.get("section")
        if section not in Section.values:
            raise InvalidInput(_("Unknown section: %(section)s.") % {"section": str(section)[:40]})
        language = clean_language(item.get("language"), error=InvalidInput)
        if (section, language) in seen:
            raise InvalidInput(
                _("The section “%(section)s” is given twice in %(language)s.")
                % {"section": Section(section).label, "language": language}
            )
        seen.add((section, language))
        text = clean_text(item.get("text"), what=Section(section).label, error=InvalidInput)
        cleaned.append(
            {"section": section, "language": language, "text": text, "original": bool(item.get("original"))}
        )
    # Originals first: a translation given with its original is written against the original's new revision.
    return sorted(cleaned, key=lambda item: not item["original"])


def _write_text(profile, existing: dict, item: dict, actor) -> bool:
    """Write one section in one language; returns whether anything changed."""
    section, language, text = item["section"], item["language"], item["text"]
    texts = existing.setdefault(section, {})
    original = next((t for t in texts.values() if t.is_original), None)
    current = texts.get(language)
    if item["original"] and original is not None and original.language != language:
        raise InvalidInput(
            _("The section “%(section)s” was written in %(language)s: its original stays in that language.")
            % {"section": Section(section).label, "language": original.language}
        )
    if not text:
        if current is None:
            return False
        if current.is_original:
            # Without its original a section is gone, its translations with it.
            ProfileText.objects.filter(profile=profile, section=section).delete()
            existing[section] = {}
        else:
            current.delete()
            del texts[language]
        return True
    if current is not None:
        if current.text == text:
            return False
        current.text = text
        current.written_by = actor
        if current.is_original:
            current.revision += 1
        else:
            current.revision = original.revision
        current._history_user = actor
        current.save()
        return True
    is_original = original is None
    written = ProfileText(
        profile=profile,
        section=section,
        language=language,
        text=text,
        is_original=is_original,
        revision=1 if is_original else original.revision,
        written_by=actor,
    )
    written._history_user = actor
    written.save()
    texts[language] = written
    return True


@transaction.atomic
def authority_profile_update(
    *,
    actor,
    authority,
    revision: int | None = None,
    texts: list | None = None,
    is_demo: bool | None = None,
    **facts,
) -> AuthorityProfile:
    """Change an authority's profile: the facts given (those left out, or None, stay as they are) and the
    texts given (`{"section", "language", "text", "original"}`: an empty text removes that language, and
    removing the original removes the section). A section's first text is its original; `revision`, when
    given, must be the profile's current one (else 409). `is_demo` is for the demo's own code only."""
    unknown = set(facts) - set(FACTS)
    if unknown:
        raise TypeError(f"unknown profile facts: {sorted(unknown)}")
    if not authority.is_authority or authority.deleted_at is not None:
        raise NotFound(_("Only a local authority has a profile."))
    if not permissions.can_edit_authority_profile(actor, authority):
        raise NotAllowed(
            _("Only the officers and elected officials of %(authority)s change its profile.")
            % {"authority": authority}
        )
    cleaned = _clean_facts(facts)
    items = _clean_texts(texts) if texts is not None else []
    profile, _created = AuthorityProfile.objects.get_or_create(authority=authority)
    profile = AuthorityProfile.objects.select_for_update().get(pk=profile.pk)
    if revision is not None and revision != profile.revision:
        raise StaleVersion(
            _("Someone saved this profile in the meantime (version %(current)s); reload it and write again.")
            % {"current": profile.revision},
            current=profile.revision,
            submitted=revision,
        )
    changed_facts = [name for name, value in cleaned.items() if getattr(profile, name) != value]
    existing: dict[str, dict[str, ProfileText]] = {}
    for text in profile.texts.all():
        existing.setdefault(text.section, {})[text.language] = text
    changed_sections = []
    for item in items:
        if _write_text(profile, existing, item, actor) and item["section"] not in changed_sections:
            changed_sections.append(item["section"])
    if is_demo is not None and profile.is_demo != is_demo:
        profile.is_demo = is_demo
        changed_facts.append("is_demo")
    if not changed_facts and not changed_sections:
        return profile
    for name in set(changed_facts) - {"is_demo"}:
        setattr(profile, name, cleaned[name])
    profile.revision += 1
    profile.updated_by = actor
    profile.updated_at = timezone.now()
    profile._history_user = actor
    # The history line says what changed (codes, labelled where it is shown).
    profile._change_reason = " ".join(changed_sections + changed_facts)[:100]
    profile.save()
    event_record(
        actor=actor,
        kind="profile.updated",
        target=profile,
        scope=authority,
        data={
            "authority": authority.pk,
            "revision": profile.revision,
            "sections": changed_sections,
            "facts": changed_facts,
            "languages": sorted({item["language"] for item in items if item["section"] in changed_sections}),
        },
    )
    return profile
