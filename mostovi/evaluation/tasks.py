"""Reminders of follow-up actions by e-mail (tasks take ids or dates, never objects).

Seven days before the due date the owner is reminded; from the day after the due date, the owner and the
active officers of the owner authority. Each reminder goes once: the action is stamped before the e-mails
leave, so a second run the same day (or a run by another worker) sends nothing more.
"""

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mostovi.accounts.models import Membership, Role, User
from mostovi.core.formats import format_date
from mostovi.core.mail import mail_enqueue
from mostovi.projects.models import FINISHED_PHASES, Notification
from mostovi.projects.selectors import project_text

from .models import OPEN_ACTION_STATUSES, FollowUpAction

DAYS_BEFORE = 7


def _live_open_actions():
    return (
        FollowUpAction.objects.alive()
        .filter(status__in=OPEN_ACTION_STATUSES, project__deleted_at__isnull=True)
        .exclude(project__phase__in=FINISHED_PHASES)
        .select_related("project", "owner__user", "owner_authority")
        .prefetch_related("project__texts")
        .order_by("due_on", "id")
    )


def _claim(action: FollowUpAction, field: str) -> bool:
    """Stamp the reminder as sent; False when another run already did."""
    return bool(
        FollowUpAction.objects.filter(pk=action.pk, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
    )


def _email(user: User, action: FollowUpAction, *, late: bool) -> None:
    """The reminder by e-mail, and the same in the app's notifications."""

    Notification.objects.create(
        user=user,
        project=action.project,
        kind="action.overdue" if late else "action.due_soon",
        data={"title": action.title, "due_on": action.due_on.isoformat(), "action": action.pk},
        emailed_at=timezone.now(),
    )
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        title = project_text(action.project, "title", language)
        values = {
            "action": action.title,
            "project": title.text if title else f"#{action.project_id}",
            "due": format_date(action.due_on, "long"),
            "authority": str(action.owner_authority),
            "owner": str(action.owner.user) if action.owner else _("nobody"),
        }
        link = (
            settings.SITE_URL.rstrip("/")
            + reverse("evaluation:actions_project", kwargs={"pk": action.project_id})
            + f"#action-{action.pk}"
        )
        if late:
            subject = _("[Mostovi] Overdue follow-up action: %(action)s") % values
            lines = [
                _("The follow-up action “%(action)s” of the project “%(project)s” was due on %(due)s.")
                % values,
                _("Owner: %(owner)s (%(authority)s).") % values,
                _("Mark it as done with the evidence, hand it over or change its due date:"),
            ]
        else:
            subject = _("[Mostovi] Follow-up action due on %(due)s: %(action)s") % values
            lines = [
                _("The follow-up action “%(action)s” of the project “%(project)s” is due on %(due)s.")
                % values,
                _("You own it for %(authority)s.") % values,
                _("Mark it as done with the evidence, or update it:"),
            ]
        lines += [
            link,
            "",
            _("You receive this message because you own this action or are an officer of its authority."),
        ]
        body = "\n".join(lines)
    mail_enqueue(to=[user.email], subject=subject, body=body)


def _officers(authority_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(organisation_id=authority_id, role=Role.OFFICER, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


@task()
def send_action_reminders(*, today: str | None = None) -> int:
    """Send the reminders of the day; returns the number of e-mails sent."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    upcoming = _live_open_actions().filter(
        reminded_before_at__isnull=True,
        owner__isnull=False,
        due_on__gte=day,
        due_on__lte=day + timedelta(days=DAYS_BEFORE),
    )
    for action in upcoming:
        user = action.owner.user
        if action.owner.ended_at is not None or not user.is_active:
            continue
        if not _claim(action, "reminded_before_at"):
            continue
        _email(user, action, late=False)
        sent += 1
    overdue = _live_open_actions().filter(reminded_after_at__isnull=True, due_on__lt=day)
    for action in overdue:
        recipients = {u.pk: u for u in _officers(action.owner_authority_id)}
        owner = action.owner
        if owner is not None and owner.ended_at is None and owner.user.is_active:
            recipients[owner.user_id] = owner.user
        if not recipients or not _claim(action, "reminded_after_at"):
            continue
        for user_id in sorted(recipients):
            _email(recipients[user_id], action, late=True)
            sent += 1
    return sent
