"""Demo partnerships (marked `is_demo`): plausible, never presented as real agreements."""

from datetime import date

from mostovi.core.events import story_dates

from . import services
from .models import Kind, Partnership, PartnershipMember, Status

# (first ref_key, second ref_key, acting user, kind, status, signed, ends, themes, languages, note)
DEMO_PARTNERSHIPS = [
    (
        "FR:insee:69123",
        "RS:city:Niš",
        "officer.lyon@example.org",
        Kind.COOPERATION,
        Status.ACTIVE,
        date(2024, 3, 15),
        date(2027, 3, 14),
        ["water-sanitation", "public-administration"],
        ["fr", "sr"],
        "Convention de coopération de démonstration : eau potable, assainissement et gestion municipale.",
    ),
    (
        "BG:nsi:SOF46",
        "RS:city:Niš",
        "officer.sofia@example.org",
        Kind.MOU,
        Status.ACTIVE,
        date(2025, 6, 2),
        None,
        ["digital-services", "eu-integration"],
        ["bg", "sr", "en"],
        "Demo memorandum: exchange on digital municipal services and EU funds.",
    ),
]


def _linked(a, b) -> Partnership | None:
    """A live partnership whose partners are exactly these two."""
    ids = PartnershipMember.objects.filter(authority_id=a.pk).values("partnership_id")
    candidates = (
        Partnership.objects.alive()
        .filter(pk__in=ids)
        .filter(pk__in=PartnershipMember.objects.filter(authority_id=b.pk).values("partnership_id"))
        .prefetch_related("members")
    )
    for partnership in candidates:
        if {m.authority_id for m in partnership.members.all()} == {a.pk, b.pk}:
            return partnership
    return None


def demo_partnerships_ensure(*, users: dict, organisations: dict) -> list[str]:
    """Create the demo partnerships once; a pair that a real record already links is left alone."""
    lines = []
    for a_key, b_key, email, kind, status, signed, ends, themes, languages, note in DEMO_PARTNERSHIPS:
        a, b = organisations.get(a_key), organisations.get(b_key)
        actor = users.get(email)
        if a is None or b is None or actor is None:
            lines.append(f"demo partnership {a_key}–{b_key} skipped: not in the directory or no demo account")
            continue
        existing = _linked(a, b)
        if existing is not None:
            what = "a demo" if existing.is_demo else "a real"
            lines.append(f"demo partnership {a_key}–{b_key} skipped: {what} record already links them")
            continue
        # Entered on the platform on the day it was signed (the story's date, `core.events.story_dates`).
        with story_dates(signed):
            services.partnership_create(
                actor=actor,
                kind=kind,
                authority_ids=[a.pk, b.pk],
                status=status,
                signed_on=signed,
                ends_on=ends,
                themes=themes,
                working_languages=languages,
                note=note,
                is_demo=True,
            )
        lines.append(f"demo partnership {a_key}–{b_key} created")
    return lines
