"""Expressions of interest in a post: opened, discussed, accepted (creating a partnership or a
project) or declined."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mostovi.core import text
from mostovi.core.services import event_record
from mostovi.directory.models import Organisation, OrganisationKind
from mostovi.partnerships import exceptions as partnership_errors
from mostovi.partnerships import services as partnership_services
from mostovi.partnerships.models import Kind, Status
from mostovi.projects import services as project_services
from mostovi.projects.exceptions import InvalidInput as ProjectInvalid
from mostovi.projects.exceptions import NotAllowed as ProjectNotAllowed

from .. import permissions
from ..exceptions import InvalidInput, NotAllowed
from ..models import (
    Interest,
    InterestMessage,
    InterestStatus,
    Post,
    PostStatus,
)
from ..selectors import post_text
from .common import MESSAGE_MAX, _notify, _require


def _check_message(body: str) -> str:
    body = text.clean_text(body, what=_("Message"), error=InvalidInput, limit=None)
    if not body:
        raise InvalidInput(_("Write a message."))
    if len(body) > MESSAGE_MAX:
        raise InvalidInput(_("The message is too long (%(max)s characters at most).") % {"max": MESSAGE_MAX})
    return body


@transaction.atomic
def interest_open(
    *, actor, from_authority: Organisation, to_authority: Organisation, post: Post | None = None, message: str
) -> Interest:
    """Open a thread from one authority to another, about one of its posts or not (a suggestion)."""
    for authority in (from_authority, to_authority):
        if (
            not isinstance(authority, Organisation)
            or authority.kind != OrganisationKind.LOCAL_AUTHORITY
            or authority.deleted_at is not None
        ):
            raise InvalidInput(
                _("An expression of interest is between two local authorities of the directory.")
            )
    _require(
        permissions.can_open_interest(actor, from_authority),
        _("You can express interest only for an authority you act for."),
    )
    if from_authority.pk == to_authority.pk:
        raise InvalidInput(_("An authority cannot express interest in itself."))
    if post is not None:
        post = Post.objects.get(pk=post.pk)  # as saved now, not as the caller read it
        if post.deleted_at is not None or post.status != PostStatus.OPEN:
            raise InvalidInput(_("This post is closed."))
        if post.valid_until < timezone.localdate():
            raise InvalidInput(_("This post has expired."))
        if post.authority_id != to_authority.pk:
            raise InvalidInput(_("This post is not one of the authority you write to."))
    body = _check_message(message)
    if Interest.objects.filter(
        from_authority=from_authority, to_authority=to_authority, post=post, status=InterestStatus.OPEN
    ).exists():
        raise InvalidInput(_("Your authority already has an open thread about this with that authority."))
    interest = Interest.objects.create(
        post=post, from_authority=from_authority, to_authority=to_authority, opened_by=actor
    )
    InterestMessage.objects.create(interest=interest, author=actor, body=body)
    event_record(
        actor=actor,
        kind="exchange.interest_opened",
        target=interest,
        data={"from": from_authority.pk, "to": to_authority.pk, "post": post.pk if post else None},
    )
    _notify(interest, "interest.opened", actor)
    return interest


def _lock_interest(interest: Interest) -> Interest:
    return Interest.objects.select_for_update(of=("self",)).select_related("post").get(pk=interest.pk)


def _refuse_when_closed(interest: Interest) -> None:
    if interest.status != InterestStatus.OPEN:
        raise InvalidInput(
            _("This thread is closed: the expression of interest was %(status)s.")
            % {"status": str(interest.get_status_display()).lower()}
        )


@transaction.atomic
def interest_message_post(*, actor, interest: Interest, body: str) -> InterestMessage:
    interest = _lock_interest(interest)
    _require(
        permissions.can_message_interest(actor, interest),
        _("Only the members of the two authorities can write in this thread."),
    )
    _refuse_when_closed(interest)
    message = InterestMessage.objects.create(interest=interest, author=actor, body=_check_message(body))
    event_record(actor=actor, kind="exchange.interest_message", target=interest, data={"message": message.pk})
    _notify(interest, "interest.message", actor)
    return message


CREATE_CHOICES = ("partnership", "project")


def _actor_language(actor) -> str:
    return getattr(actor, "preferred_language", "") or translation.get_language() or settings.LANGUAGE_CODE


def _create_partnership(*, actor, interest: Interest, kind: str):
    """Through the partnerships' own service (same transaction: it joins ours)."""

    if kind not in Kind.values or kind == Kind.UNSPECIFIED:
        raise InvalidInput(_("Choose the kind of partnership."))
    themes = [t.slug for t in interest.post.themes.all()] if interest.post else []
    try:
        return partnership_services.partnership_create(
            actor=actor,
            kind=kind,
            authority_ids=[interest.to_authority_id, interest.from_authority_id],
            status=Status.ACTIVE,
            themes=themes,
            note=_("Created from an expression of interest on the exchange (#%(id)s).") % {"id": interest.pk},
        )
    except partnership_errors.InvalidInput as error:
        raise InvalidInput(str(error)) from error
    except partnership_errors.NotAllowed as error:
        raise NotAllowed(str(error)) from error


def _create_project(*, actor, interest: Interest, title: str):
    language = _actor_language(actor)
    title = (title or "").strip()
    if not title and interest.post is not None:
        shown = post_text(interest.post, language)
        title, language = shown.title, shown.language
    if not title:
        raise InvalidInput(_("Give the project a title."))
    try:
        return project_services.project_create(
            actor=actor,
            title=title,
            language=language,
            partner_ids=[interest.to_authority_id, interest.from_authority_id],
            lead_id=interest.to_authority_id,
        )
    except ProjectInvalid as error:
        raise InvalidInput(str(error)) from error
    except ProjectNotAllowed as error:
        raise NotAllowed(str(error)) from error


@transaction.atomic
def interest_accept(
    *, actor, interest: Interest, create: str = "partnership", kind: str = "", title: str = ""
) -> Interest:
    """The receiving side accepts: in the same transaction, a partnership record (of `kind`) or a project
    draft with both authorities is created, linked to the thread, and announced in it."""
    interest = _lock_interest(interest)
    _require(
        permissions.can_decide_interest(actor, interest),
        _("Only the authority that received the expression of interest can accept it."),
    )
    _refuse_when_closed(interest)
    if create not in CREATE_CHOICES:
        raise InvalidInput(_("Choose what to create: a partnership or a project."))
    interest.from_authority = Organisation.objects.get(pk=interest.from_authority_id)
    interest.to_authority = Organisation.objects.get(pk=interest.to_authority_id)
    if create == "partnership":
        created = _create_partnership(actor=actor, interest=interest, kind=kind)
        interest.partnership = created
        data = {"event": "accepted", "created": "partnership", "id": created.pk, "kind": kind}
        fallback = f"Accepted: partnership #{created.pk} created."
    else:
        created = _create_project(actor=actor, interest=interest, title=title)
        interest.project = created
        data = {"event": "accepted", "created": "project", "id": created.pk}
        fallback = f"Accepted: project #{created.pk} created."
    interest.status = InterestStatus.ACCEPTED
    interest.decided_at = timezone.now()
    interest.decided_by = actor
    interest.save()
    InterestMessage.objects.create(interest=interest, author=actor, body=fallback, is_system=True, data=data)
    event_record(actor=actor, kind="exchange.interest_accepted", target=interest, data=data)
    _notify(interest, "interest.accepted", actor)
    return interest


@transaction.atomic
def interest_decline(*, actor, interest: Interest, reason: str = "") -> Interest:
    interest = _lock_interest(interest)
    _require(
        permissions.can_decide_interest(actor, interest),
        _("Only the authority that received the expression of interest can decline it."),
    )
    _refuse_when_closed(interest)
    reason = text.clean_text(reason, what=_("Message"), error=InvalidInput, limit=None)
    if len(reason) > MESSAGE_MAX:
        raise InvalidInput(_("The message is too long (%(max)s characters at most).") % {"max": MESSAGE_MAX})
    interest.status = InterestStatus.DECLINED
    interest.decided_at = timezone.now()
    interest.decided_by = actor
    interest.save()
    if reason:
        InterestMessage.objects.create(interest=interest, author=actor, body=reason)
    InterestMessage.objects.create(
        interest=interest, author=actor, body="Declined.", is_system=True, data={"event": "declined"}
    )
    event_record(actor=actor, kind="exchange.interest_declined", target=interest, data={"reason": reason})
    _notify(interest, "interest.declined", actor)
    return interest
