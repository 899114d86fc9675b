"""The deadlines calendar: its private feed token and reminders."""

import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.core.services import event_record
from mostovi.funding.models import (
    CalendarToken,
)

from .common import MAX_REMINDER_DAYS, InvalidInput, _require

# --- the calendar -------------------------------------------------------------------------------


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _revoked_digest() -> str:
    # Not hexadecimal: no token ever hashes to it.
    return f"off-{secrets.token_hex(30)}"


def calendar_token_regenerate(*, actor) -> str:
    """A new private feed address for the actor (the previous one stops working). Returns the raw token,
    shown once: only its digest is stored."""
    _require(actor.is_authenticated, _("Sign in first."))
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        token, _created = CalendarToken.objects.update_or_create(
            user=actor, defaults={"token_digest": _digest(raw)}
        )
        event_record(actor=actor, kind="calendar.token_regenerated", target=token)
    return raw


@transaction.atomic
def calendar_token_revoke(*, actor) -> None:
    token = CalendarToken.objects.filter(user=actor).first()
    if token is not None and not token.token_digest.startswith("off-"):
        token.token_digest = _revoked_digest()
        token.save(update_fields=["token_digest"])
        event_record(actor=actor, kind="calendar.token_revoked", target=token)


@transaction.atomic
def calendar_reminders_set(*, actor, days: int) -> CalendarToken:
    """E-mail reminders `days` before each deadline (0: none)."""
    _require(actor.is_authenticated, _("Sign in first."))
    if not isinstance(days, int) or days < 0 or days > MAX_REMINDER_DAYS:
        raise InvalidInput(
            _("Reminders are sent between 0 and %(max)s days before a deadline.") % {"max": MAX_REMINDER_DAYS}
        )
    token, created = CalendarToken.objects.get_or_create(
        user=actor, defaults={"token_digest": _revoked_digest(), "reminder_days": days}
    )
    if not created and token.reminder_days != days:
        token.reminder_days = days
        token.save(update_fields=["reminder_days"])
    event_record(actor=actor, kind="calendar.reminders_set", target=token, data={"days": days})
    return token
