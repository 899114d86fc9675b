"""Background work shared by every app: sending e-mail with retries."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from .models import OutgoingMailFailure


@task()
def mail_send(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    from_email: str = "",
    headers: dict | None = None,
    attempt: int = 1,
    failure_id: int | None = None,
) -> bool:
    """Send one e-mail; on failure record it and try again later (`MAIL_RETRY_SECONDS`), then give up."""
    message = EmailMultiAlternatives(
        subject, body, from_email or settings.DEFAULT_FROM_EMAIL, to, headers=headers
    )
    if html:
        message.attach_alternative(html, "text/html")
    now = timezone.now()
    try:
        message.send()
    except Exception as exc:  # any trouble of the mail server is recorded and retried
        delays = list(settings.MAIL_RETRY_SECONDS)
        failure = _failure_record(
            failure_id, to=to, subject=subject, at=now, error=exc, last=attempt > len(delays)
        )
        if attempt <= len(delays):
            retry = mail_send
            if mail_send.get_backend().supports_defer:
                retry = mail_send.using(run_after=now + timedelta(seconds=delays[attempt - 1]))
            retry.enqueue(
                to=to,
                subject=subject,
                body=body,
                html=html,
                from_email=from_email,
                headers=headers,
                attempt=attempt + 1,
                failure_id=failure.pk,
            )
        return False
    if failure_id is not None:
        OutgoingMailFailure.objects.filter(pk=failure_id).update(
            sent_at=now, last_attempt_at=now, attempts=attempt
        )
    return True


def _failure_record(failure_id, *, to, subject, at, error, last: bool) -> OutgoingMailFailure:
    failure = OutgoingMailFailure.objects.filter(pk=failure_id).first() if failure_id else None
    if failure is None:
        failure = OutgoingMailFailure(recipients=list(to), subject=subject[:255])
    failure.attempts += 1
    failure.last_attempt_at = at
    failure.error = f"{type(error).__name__}: {error}"[:2000]
    failure.gave_up = last
    failure.save()
    return failure
