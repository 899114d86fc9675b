"""How django-allauth writes passwords and sends e-mail for Mostovi: through the platform's services."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import strip_tags

from mostovi.core.mail import mail_enqueue

from . import services


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Rendered here, in the request's language; sent by the mail task, so a mail server's trouble
        # never fails a sign-up or a password reset (and a sign-up with a known address answers the same).
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, ctx)
        alternatives = getattr(message, "alternatives", [])
        html = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
        body = message.body
        if message.content_subtype == "html":  # an HTML-only template: a plain-text part is derived from it
            html, body = body, strip_tags(body)
        mail_enqueue(
            to=list(message.to),
            subject=message.subject,
            body=body,
            html=html,
            from_email=message.from_email,
            headers=message.extra_headers,
        )

    def set_password(self, user, password: str) -> None:
        # Change, set and reset all come here: the service also revokes the person's API tokens.
        services.user_password_set(user=user, password=password, actor=user)
