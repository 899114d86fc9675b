"""The one way the platform sends e-mail: `mail_enqueue` hands the message to the task queue.

Sending inside a request would turn a mail server's trouble into an error page; the task retries
(`MAIL_RETRY_SECONDS`) and records what failed (`OutgoingMailFailure`, listed in the admin).
"""

from django.conf import settings

from .text import mail_subject


def mail_enqueue(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    from_email: str = "",
    headers: dict | None = None,
) -> None:
    """Queue one e-mail (plain text, optionally with HTML); its subject made one safe line."""
    from .tasks import mail_send

    mail_send.enqueue(
        to=list(to),
        subject=mail_subject(subject),
        body=body,
        html=html,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        headers=dict(headers or {}),
    )
