"""Writes shared by every app."""

from typing import Any

from django.db import models

from .models import Event


def event_record(*, actor, kind: str, target: models.Model, data: dict[str, Any] | None = None) -> Event:
    """Append a line to the journal; called inside the service's transaction."""
    return Event.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )
