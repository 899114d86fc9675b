"""The registry of event kinds: what each kind of journal line says on a timeline and in a notification.

The app that records a kind registers it in its `AppConfig.ready()`; the pages that show events (the
project's timeline, the handover pack) and the notifications ask this registry, so that a lower app (projects)
shows the events of the apps above it (evaluation, funding) without importing them.

    events.register(
        "evaluation.lesson_recorded",
        sentence=lambda data: _("recorded the lesson learned: %(title)s") % events.values(data),
    )

- `sentence(data)`: what the actor did, for the timeline ("approved version 2 of the funding plan…");
- `changes(data)`: the (label, old, new) rows shown under it;
- `notification(data)`: the message a person receives in the app and by e-mail;
- `audience`: who is told, as roles of the members of the partner authorities (empty: the default of the
  notifying app).

The module also holds `story_dates`, with which the demo records its events at the dates of its story.
"""

import contextlib
import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from .formats import format_iso_day


@dataclass(frozen=True)
class Kind:
    kind: str
    sentence: Callable[[dict], str] | None = None
    changes: Callable[[dict], list] | None = None
    notification: Callable[[dict], str] | None = None
    audience: tuple[str, ...] = ()


_KINDS: dict[str, Kind] = {}


def register(
    kind: str,
    *,
    sentence: Callable[[dict], str] | None = None,
    changes: Callable[[dict], list] | None = None,
    notification: Callable[[dict], str] | None = None,
    audience: tuple[str, ...] = (),
) -> Kind:
    """Declare what a kind of event says (registering the same kind again replaces it)."""
    entry = Kind(kind, sentence, changes, notification, tuple(audience))
    _KINDS[kind] = entry
    return entry


def get(kind: str) -> Kind | None:
    return _KINDS.get(kind)


def registered() -> dict[str, Kind]:
    return dict(_KINDS)


class values(dict):
    """Event data for a sentence: a key an older event lacks reads as empty, not as an error, and a day kept
    as ISO in the journal ("2026-07-01") reads in the reader's order."""

    def __missing__(self, key):
        return ""

    def __getitem__(self, key):
        return format_iso_day(super().__getitem__(key))


def sentence(kind: str, data: dict) -> str | None:
    entry = _KINDS.get(kind)
    return entry.sentence(data or {}) if entry is not None and entry.sentence is not None else None


def fallback_sentence() -> str:
    """What a journal line says of a kind without a sentence: a neutral phrase, never the kind's code (a test
    checks that every recorded kind has its own sentence)."""
    return _("made a change")


def changes(kind: str, data: dict) -> list:
    entry = _KINDS.get(kind)
    return entry.changes(data or {}) if entry is not None and entry.changes is not None else []


def notification(kind: str, data: dict) -> str | None:
    entry = _KINDS.get(kind)
    return entry.notification(data or {}) if entry is not None and entry.notification is not None else None


def audience(kind: str) -> tuple[str, ...]:
    entry = _KINDS.get(kind)
    return entry.audience if entry is not None else ()


# --- the dates of a story (demo only) --------------------------------------------------------------

_STORY_NOW: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("story_now", default=None)


def story_now() -> datetime | None:
    """The date a story is being told at (see `story_dates`), or None in real life."""
    return _STORY_NOW.get()


@contextlib.contextmanager
def story_dates(when: date | datetime):
    """Tell a story at `when`: what is written inside the block is dated `when` instead of now.

    For the demo only (`manage.py demo_setup`), so that a mission accepted in October 2025 shows on the
    timeline, in the handover pack and in the charts as accepted in October 2025. Inside the block
    `django.utils.timezone.now()` answers `when`: the events (`Event.created_at`), the records' own dates
    (`accepted_at`, `approved_at`, `created_at`… all set from it) and their history rows carry the story's
    date, and "today" is the story's day for the services' checks. A date alone means noon of that day.
    Blocks nest; leaving one restores the clock it found.
    """
    if not isinstance(when, datetime):
        when = datetime.combine(when, time(12, 0))
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    token = _STORY_NOW.set(when)
    previous = timezone.now
    timezone.now = lambda: when
    try:
        yield when
    finally:
        timezone.now = previous
        _STORY_NOW.reset(token)
