"""Background side effects of the exchange: e-mails about threads, and the digest of saved searches.

Tasks take ids. `exchange_digest_send` is enqueued for every user with a saved search by the management
command `send_exchange_digests`, which a daily cron job runs (see README of the app in the docstring there).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mostovi.accounts.models import Membership, User
from mostovi.core.formats import format_date
from mostovi.core.mail import mail_enqueue

from . import permissions, selectors
from .models import Interest, SavedFilter


def _link(name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _language(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def interest_event_message(kind: str) -> str:
    messages = {
        "interest.opened": _("An authority expressed interest in cooperating with yours."),
        "interest.message": _("New message about an expression of interest."),
        "interest.accepted": _("Your expression of interest was accepted."),
        "interest.declined": _("Your expression of interest was declined."),
    }
    return messages.get(kind, kind)


@task()
def interest_notify(*, interest_id: int, kind: str, actor_id: int | None) -> int:
    """E-mail the members (acting roles) of the other side of the thread, each in their language."""
    interest = (
        Interest.objects.select_related("from_authority", "to_authority", "post")
        .filter(pk=interest_id)
        .first()
    )
    if interest is None:
        return 0
    actor_sides = set(
        Membership.objects.active()
        .filter(user_id=actor_id, role__in=permissions.ACTING_ROLES)
        .values_list("organisation_id", flat=True)
    )
    sides = {interest.from_authority_id, interest.to_authority_id}
    other_sides = sides - actor_sides or sides
    recipients = (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=other_sides,
            memberships__role__in=permissions.ACTING_ROLES,
            memberships__ended_at__isnull=True,
        )
        .exclude(pk=actor_id)
        .distinct()
    )
    sent = 0
    for user in recipients:
        language = _language(user)
        with translation.override(language):
            message = interest_event_message(kind)
            other = (
                interest.from_authority if interest.to_authority_id in other_sides else interest.to_authority
            )
            context = {
                "message": message,
                "other": other,
                "post_title": selectors.post_text(interest.post, language).title if interest.post else "",
                "link": _link("exchange:interest_detail", pk=interest.pk),
            }
            subject = f"[Mostovi] {message}"
            body = render_to_string("exchange/email/interest.txt", context)
        mail_enqueue(to=[user.email], subject=subject, body=body)
        sent += 1
    return sent


@task()
def exchange_digest_send(*, user_id: int) -> int:
    """E-mail the user, in their language, the new posts that fit each of their saved searches.

    Nothing is sent when nothing is new. Returns the number of posts in the e-mail."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    now = timezone.now()
    saved = list(selectors.saved_filters_of(user=user))
    language = _language(user)
    sections, seen = [], set()
    for saved_filter in saved:
        posts = [p for p in selectors.digest_posts(saved_filter=saved_filter, until=now) if p.pk not in seen]
        seen.update(p.pk for p in posts)
        if posts:
            sections.append((saved_filter, posts))
    if not sections:
        return 0
    with translation.override(language):
        context = {
            "sections": [
                {
                    "name": f.name or _("Saved search of %(date)s") % {"date": format_date(f.created_at)},
                    "link": _link("exchange:index") + "?" + _query(f.params),
                    "posts": [
                        {
                            "text": selectors.post_text(p, language),
                            "kind": p.get_kind_display(),
                            "authority": str(p.authority),
                            "is_demo": p.is_demo,
                            "link": _link("exchange:detail", pk=p.pk),
                        }
                        for p in posts
                    ],
                }
                for f, posts in sections
            ],
            "count": len(seen),
            "filters_link": _link("exchange:filters"),
        }
        subject = _("[Mostovi] New offers and needs on the exchange (%(count)s)") % {"count": len(seen)}
        body = render_to_string("exchange/email/digest.txt", context)
    mail_enqueue(to=[user.email], subject=subject, body=body)
    saved_filter_mark_sent(saved_filter_ids=[f.pk for f in saved], at=now)
    return len(seen)


def saved_filter_mark_sent(*, saved_filter_ids: list[int], at) -> None:
    """The platform sent the digest of these filters: the digest's own bookkeeping (no actor, no event).

    It lives here, not in `services`, because `services` imports this module to enqueue the notifications."""
    SavedFilter.objects.filter(pk__in=saved_filter_ids).update(last_digest_at=at)


def _query(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(sorted((params or {}).items()))
