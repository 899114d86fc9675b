"""Writes shared by every app."""

from typing import Any

from django.db import models

from .events import story_now
from .models import Event


def scope_key(record: models.Model) -> str:
    return f"{record._meta.label_lower}:{record.pk}"


def event_record(
    *,
    actor,
    kind: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
    scope: models.Model | None = None,
) -> Event:
    """Append a line to the journal; called inside the service's transaction.

    `scope` names the record whose timeline shows the event (a project for its mission, say). Inside
    `core.events.story_dates` (the demo), the event is dated at the story's date instead of now.
    """
    event = Event.objects.create(
        scope=scope_key(scope if scope is not None else target),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )
    when = story_now()
    if when is not None:
        # `created_at` is set on insert (auto_now_add): the story's date is written over it.
        Event.objects.filter(pk=event.pk).update(created_at=when)
        event.created_at = when
    return event
