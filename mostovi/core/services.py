"""Writes shared by every app."""

from typing import Any

from django.db import models

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

    `scope` names the record whose timeline shows the event (a project for its mission, say).
    """
    return Event.objects.create(
        scope=scope_key(scope if scope is not None else target),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )
