"""Deadline reminders: an e-mail N days before each deadline of the user's calendar (tasks take ids)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mostovi.accounts.models import User
from mostovi.core.formats import format_date
from mostovi.core.mail import mail_enqueue

from .models import CalendarToken, ReminderSent
from .plans.selectors import calendar_events


def _body(user, events, days: int) -> tuple[str, str]:
    subject = _("[Mostovi] Deadlines in %(days)s days") % {"days": days}
    lines = [
        _("Hello,"),
        "",
        _("These deadlines of your calendar are in %(days)s days:") % {"days": days},
        "",
    ]
    base = settings.SITE_URL.rstrip("/")
    for event in events:
        when = format_date(event.on, "long")
        lines.append(f"• {when} — {event.title}")
        if event.url:
            lines.append("  " + (event.url if event.url.startswith("http") else base + event.url))
    lines += ["", _("You receive this e-mail because you asked for reminders on the deadlines calendar.")]
    return subject, "\n".join(lines)


def reminders_send_for(*, user_id: int, today: date | None = None) -> int:
    """E-mail the user the deadlines falling `reminder_days` after today that were not reminded today.

    Idempotent per day: each (event, day) is recorded before the e-mail goes, so a second run sends nothing.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    setting = CalendarToken.objects.filter(user_id=user_id).first()
    if user is None or setting is None or not setting.reminder_days or not user.email:
        return 0
    today = today or timezone.localdate()
    target = today + timedelta(days=setting.reminder_days)
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        events = calendar_events(user=user, start=target, end=target)
        fresh = []
        for event in events:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(user=user, event_uid=event.uid, sent_on=today)
            except IntegrityError:
                continue  # already reminded today
            fresh.append(event)
        if not fresh:
            return 0
        subject, body = _body(user, fresh, setting.reminder_days)
    mail_enqueue(to=[user.email], subject=subject, body=body)
    return len(fresh)


@task()
def send_deadline_reminders(*, today: str | None = None) -> int:
    """Reminders for every user who asked for them; returns the number of deadlines e-mailed."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    user_ids = CalendarToken.objects.filter(reminder_days__gt=0, user__is_active=True).values_list(
        "user_id", flat=True
    )
    return sum(reminders_send_for(user_id=uid, today=day) for uid in sorted(user_ids))
