"""Background side effects of project events: in-app notifications and e-mails. Tasks take ids."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mostovi.accounts.models import User
from mostovi.core import events
from mostovi.core.mail import mail_enqueue

from .audience import notified_memberships
from .models import Notification, Project
from .selectors import project_text


def _message(kind: str, data: dict) -> str:
    if kind in ("responsibility.assigned", "responsibility.moved"):
        from .continuity import describe

        return describe(data)
    messages = {
        "project.created": _("A project was created with your authority as partner."),
        "project.partner_added": _("A partner authority joined the project."),
        "project.phase_changed": _("The project moved to a new phase."),
        "mission.recorded": _("An expertise mission was recorded."),
        "mission.accepted": _("A partner accepted the expertise mission report."),
        "programme.version_created": _("A new version of the programme awaits your authority's approval."),
        "programme.approved": _("A partner approved the programme."),
        "comment.posted": _("New message in the project's discussion."),
        "comment.mention": _("You were mentioned in the project's discussion."),
    }
    if kind in messages:
        return messages[kind]
    # The kinds of the apps above projects (evaluation's reviews and actions), registered in their ready().
    return events.notification(kind, data) or kind


@task()
def notify_partners(*, project_id: int, kind: str, actor_id: int | None, data: dict) -> int:
    """Notify the partners' members (and people mentioned) of an event, in the app and by e-mail."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return 0
    told = notified_memberships(project=project, kind=kind, exclude_user_id=actor_id)
    recipients = set(told.values_list("user_id", flat=True))
    mentions = set(data.get("mentions", [])) - {actor_id}
    rows = [Notification(user_id=uid, project=project, kind=kind, data=data) for uid in recipients - mentions]
    rows += [
        Notification(user_id=uid, project=project, kind="comment.mention", data=data) for uid in mentions
    ]
    Notification.objects.bulk_create(rows)
    users = {u.pk: u for u in User.objects.filter(pk__in=recipients | mentions, is_active=True)}
    sent = 0
    for notification in rows:
        user = users.get(notification.user_id)
        if user is None:
            continue
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            title = project_text(project, "title", language)
            context = {
                "message": _message(notification.kind, data),
                "project_title": title.text if title else f"#{project.pk}",
                "link": settings.SITE_URL.rstrip("/") + reverse("projects:detail", kwargs={"pk": project.pk}),
            }
            subject = f"[Mostovi] {context['project_title']}: {context['message']}"
            body = render_to_string("projects/email/notification.txt", context)
        mail_enqueue(to=[user.email], subject=subject, body=body)
        sent += 1
    Notification.objects.filter(pk__in=[n.pk for n in rows if n.pk]).update(emailed_at=timezone.now())
    return sent
