"""Every write to the exchange. Each service checks its own permission, runs atomically and leaves an event.

`actor=None` is a write by the platform itself (the demo set-up); no request ever passes it.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mostovi.core import text
from mostovi.core.services import event_record
from mostovi.directory.models import Country, Level, Organisation, OrganisationKind
from mostovi.partnerships import exceptions as partnership_errors
from mostovi.partnerships import services as partnership_services
from mostovi.partnerships.models import Kind, Status
from mostovi.projects import services as project_services
from mostovi.projects.exceptions import InvalidInput as ProjectInvalid
from mostovi.projects.exceptions import NotAllowed as ProjectNotAllowed
from mostovi.themes.models import Theme

from . import permissions
from .exceptions import InvalidInput, NotAllowed, StaleVersion
from .models import (
    Interest,
    InterestMessage,
    InterestStatus,
    PartnerSize,
    Post,
    PostKind,
    PostStatus,
    PostTranslation,
    SavedFilter,
    SuggestionDismissal,
)
from .selectors import filters_clean, post_text
from .tasks import interest_notify

TITLE_MAX = 200
BODY_MAX = 10_000
MESSAGE_MAX = 5_000
DURATION_MAX = 120
SAVED_FILTERS_MAX = 20


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _system(actor) -> bool:
    return actor is None


def _notify(interest: Interest, kind: str, actor) -> None:
    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(
        lambda: interest_notify.enqueue(interest_id=interest.pk, kind=kind, actor_id=actor_id)
    )


# --- checks ----------------------------------------------------------------------------------------


def _check_language(language: str) -> str:
    """A known language code, canonical ("sr-Latn" is stored "sr-latn")."""
    return text.clean_language(language, error=InvalidInput)


def _check_text(title: str, body: str) -> tuple[str, str]:
    title = text.clean_line(title, what=_("Title"), error=InvalidInput, limit=10 * TITLE_MAX)
    body = text.clean_text(body, what=_("Text"), error=InvalidInput, limit=None)
    if not title:
        raise InvalidInput(_("A title is required."))
    if len(title) > TITLE_MAX:
        raise InvalidInput(_("The title is too long (%(max)s characters at most).") % {"max": TITLE_MAX})
    if not body:
        raise InvalidInput(_("A text is required."))
    if len(body) > BODY_MAX:
        raise InvalidInput(_("The text is too long (%(max)s characters at most).") % {"max": BODY_MAX})
    return title, body


def _check_kind(kind: str) -> str:
    if kind not in PostKind.values:
        raise InvalidInput(_("Unknown kind of post: %(value)s.") % {"value": str(kind)[:20]})
    return kind


def _check_themes(slugs) -> list[Theme]:
    slugs = list(dict.fromkeys(str(s) for s in (slugs or [])))
    if not slugs:
        raise InvalidInput(_("Choose at least one theme."))
    found = {t.slug: t for t in Theme.objects.filter(slug__in=slugs)}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise InvalidInput(_("Unknown theme: %(value)s.") % {"value": ", ".join(unknown)[:200]})
    return [found[s] for s in slugs]


def _check_countries(codes) -> list[str]:
    codes = list(dict.fromkeys(str(c).upper() for c in (codes or [])))
    unknown = [c for c in codes if c not in Country.values]
    if unknown:
        raise InvalidInput(_("Unknown country: %(value)s.") % {"value": ", ".join(unknown)[:100]})
    return codes


def _check_levels(levels) -> list[str]:
    levels = list(dict.fromkeys(str(v) for v in (levels or [])))
    unknown = [v for v in levels if v not in Level.values]
    if unknown:
        raise InvalidInput(_("Unknown kind of partner: %(value)s.") % {"value": ", ".join(unknown)[:100]})
    return levels


def _check_size(size) -> str:
    size = size or ""
    if size not in PartnerSize.values:
        raise InvalidInput(_("Unknown partner size: %(value)s.") % {"value": str(size)[:20]})
    return size


def _check_languages(codes) -> list[str]:
    return text.clean_languages(codes, error=InvalidInput)


def _check_duration(months) -> int | None:
    if months in (None, ""):
        return None
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= DURATION_MAX:
        raise InvalidInput(
            _("The duration must be a whole number of months between 1 and %(max)s.") % {"max": DURATION_MAX}
        )
    return months


def _check_valid_until(value) -> date:
    if not isinstance(value, date):
        raise InvalidInput(_("Give the date until which the post is valid."))
    if value < timezone.localdate():
        raise InvalidInput(_("The validity date is in the past."))
    text.check_dates(value, error=InvalidInput)
    return value


def _check_authority(authority) -> Organisation:
    if (
        not isinstance(authority, Organisation)
        or authority.kind != OrganisationKind.LOCAL_AUTHORITY
        or authority.deleted_at is not None
    ):
        raise InvalidInput(_("A post is made for a local authority of the directory."))
    return authority


# --- posts -----------------------------------------------------------------------------------------


@transaction.atomic
def post_create(
    *,
    actor,
    authority: Organisation,
    kind: str,
    themes,
    title: str,
    body: str,
    language: str,
    valid_until: date,
    countries_sought=(),
    partner_levels=(),
    partner_size: str = "",
    working_languages=(),
    duration_months: int | None = None,
    on_behalf_of_network: Organisation | None = None,
    is_demo: bool = False,
) -> Post:
    """Publish an offer or a need for `authority`: the actor acts for it, or coordinates a network it belongs
    to (then `on_behalf_of_network` names that network)."""
    _check_authority(authority)
    if on_behalf_of_network is not None and on_behalf_of_network.kind != OrganisationKind.NETWORK:
        raise InvalidInput(_("A post is made on behalf of a network only."))
    if not _system(actor):
        if on_behalf_of_network is None and not permissions.acts_for(actor, authority.pk):
            if permissions.coordinated_network_ids(actor):
                raise NotAllowed(
                    _(
                        "You do not act for this authority. As a network coordinator, say on behalf of "
                        "which network you post, and the authority must be a member of it."
                    )
                )
            raise NotAllowed(_("You can post only for an authority you act for."))
        _require(
            permissions.can_post_for(actor, authority, on_behalf_of_network),
            _("You coordinate no network that this authority belongs to."),
        )
    post = Post(
        kind=_check_kind(kind),
        authority=authority,
        on_behalf_of_network=on_behalf_of_network,
        posted_by=actor,
        language=_check_language(language),
        valid_until=_check_valid_until(valid_until),
        countries_sought=_check_countries(countries_sought),
        partner_levels=_check_levels(partner_levels),
        partner_size=_check_size(partner_size),
        working_languages=_check_languages(working_languages),
        duration_months=_check_duration(duration_months),
        is_demo=is_demo,
    )
    post.title, post.body = _check_text(title, body)
    theme_rows = _check_themes(themes)
    post.save()
    post.themes.set(theme_rows)
    event_record(
        actor=actor,
        kind="exchange.post_created",
        target=post,
        data={"kind": post.kind, "authority": authority.pk, "title": post.title, "language": post.language},
    )
    return post


POST_FIELDS = {
    "kind",
    "themes",
    "title",
    "body",
    "language",
    "valid_until",
    "countries_sought",
    "partner_levels",
    "partner_size",
    "working_languages",
    "duration_months",
}

_CHECKS = {
    "kind": _check_kind,
    "language": _check_language,
    "valid_until": _check_valid_until,
    "countries_sought": _check_countries,
    "partner_levels": _check_levels,
    "partner_size": _check_size,
    "working_languages": _check_languages,
    "duration_months": _check_duration,
}


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def _lock(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def post_update(*, actor, post: Post, revision: int, **changes: Any) -> Post:
    """Change a post; `revision` is the one the editor read (else StaleVersion, nothing written)."""
    post = _lock(post)
    _require(permissions.can_edit_post(actor, post), _("Only the posting authority can edit this post."))
    unknown = set(changes) - POST_FIELDS
    if unknown:
        raise InvalidInput(_("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))})
    if revision != post.revision:
        raise StaleVersion(_("Someone saved this post after you opened it."))
    if "title" in changes or "body" in changes:
        changes["title"], changes["body"] = _check_text(
            changes.get("title", post.title), changes.get("body", post.body)
        )
    diff = {}
    if "themes" in changes:
        themes = _check_themes(changes.pop("themes"))
        old = sorted(post.themes.values_list("slug", flat=True))
        new = sorted(t.slug for t in themes)
        if old != new:
            post.themes.set(themes)
            diff["themes"] = [old, new]
    for field, value in changes.items():
        if field in _CHECKS:
            value = _CHECKS[field](value)
        old = getattr(post, field)
        if old != value:
            diff[field] = [_jsonable(old), _jsonable(value)]
            setattr(post, field, value)
    if diff:
        post.revision += 1
        post.save()
        event_record(actor=actor, kind="exchange.post_updated", target=post, data={"changes": diff})
    return post


@transaction.atomic
def post_translate(*, actor, post: Post, language: str, title: str, body: str) -> PostTranslation:
    """Add (or correct) the post's text in another language."""
    post = _lock(post)
    _require(
        _system(actor) or permissions.can_edit_post(actor, post),
        _("Only the posting authority can translate this post."),
    )
    language = _check_language(language)
    if language == post.language:
        raise InvalidInput(_("This is the language of the original: edit the post instead."))
    title, body = _check_text(title, body)
    translation_row, created = PostTranslation.objects.update_or_create(
        post=post, language=language, defaults={"title": title, "body": body, "translated_by": actor}
    )
    event_record(
        actor=actor,
        kind="exchange.post_translated" if created else "exchange.translation_changed",
        target=post,
        data={"language": language, "title": title},
    )
    return translation_row


@transaction.atomic
def post_close(*, actor, post: Post) -> Post:
    post = _lock(post)
    _require(permissions.can_edit_post(actor, post), _("Only the posting authority can close this post."))
    if post.status == PostStatus.CLOSED:
        raise InvalidInput(_("This post is already closed."))
    post.status = PostStatus.CLOSED
    post.revision += 1
    post.save()
    event_record(actor=actor, kind="exchange.post_closed", target=post)
    return post


@transaction.atomic
def post_reopen(*, actor, post: Post) -> Post:
    post = _lock(post)
    _require(permissions.can_edit_post(actor, post), _("Only the posting authority can reopen this post."))
    if post.status == PostStatus.OPEN:
        raise InvalidInput(_("This post is already open."))
    post.status = PostStatus.OPEN
    post.revision += 1
    post.save()
    event_record(actor=actor, kind="exchange.post_reopened", target=post)
    return post


@transaction.atomic
def post_delete(*, actor, post: Post) -> Post:
    post = _lock(post)
    _require(permissions.can_edit_post(actor, post), _("Only the posting authority can delete this post."))
    if post.deleted_at is not None:
        raise InvalidInput(_("This post is already deleted."))
    post.deleted_at = timezone.now()
    post.save()
    event_record(actor=actor, kind="exchange.post_deleted", target=post)
    return post


@transaction.atomic
def post_restore(*, actor, post: Post) -> Post:
    post = _lock(post)
    _require(permissions.can_edit_post(actor, post), _("Only the posting authority can restore this post."))
    if post.deleted_at is None:
        raise InvalidInput(_("This post is not deleted."))
    post.deleted_at = None
    post.save()
    event_record(actor=actor, kind="exchange.post_restored", target=post)
    return post


# --- saved filters -----------------------------------------------------------------------------------


@transaction.atomic
def saved_filter_create(*, actor, params, name: str = "") -> SavedFilter:
    """Save the current filters of the exchange; new posts that fit come in the e-mail digest."""
    _require(permissions.can_save_filter(actor), _("Sign in to save a search."))
    cleaned = filters_clean(params)
    name = text.clean_line(name, what=_("Name"), error=InvalidInput, limit=1000)
    if len(name) > 100:
        raise InvalidInput(_("The name is too long (100 characters at most)."))
    existing = SavedFilter.objects.filter(user=actor)
    if existing.count() >= SAVED_FILTERS_MAX:
        raise InvalidInput(
            _("You have saved %(max)s searches already: delete one first.") % {"max": SAVED_FILTERS_MAX}
        )
    if any(f.params == cleaned for f in existing):
        raise InvalidInput(_("You have already saved this search."))
    saved = SavedFilter.objects.create(user=actor, name=name, params=cleaned)
    event_record(actor=actor, kind="exchange.filter_saved", target=saved, data={"params": cleaned})
    return saved


@transaction.atomic
def saved_filter_delete(*, actor, saved_filter: SavedFilter) -> None:
    _require(
        actor is not None and actor.is_authenticated and saved_filter.user_id == actor.pk,
        _("This saved search is not yours."),
    )
    event_record(
        actor=actor, kind="exchange.filter_deleted", target=saved_filter, data={"params": saved_filter.params}
    )
    saved_filter.delete()


@transaction.atomic
# --- expressions of interest ----------------------------------------------------------------------------


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


@transaction.atomic
def suggestion_dismiss(*, actor, authority: Organisation, suggested: Organisation) -> SuggestionDismissal:
    """'Not relevant': the suggested authority no longer appears among this authority's suggestions (its own
    and those of its posts). Marking it twice changes nothing."""
    _require(
        permissions.can_dismiss_suggestion(actor, authority),
        _("Only those who act for an authority can mark its suggestions as not relevant."),
    )
    if (
        not isinstance(suggested, Organisation)
        or suggested.kind != OrganisationKind.LOCAL_AUTHORITY
        or suggested.deleted_at is not None
    ):
        raise InvalidInput(_("Only a local authority of the directory can be marked as not relevant."))
    if suggested.pk == authority.pk:
        raise InvalidInput(_("An authority is never suggested to itself."))
    dismissal, created = SuggestionDismissal.objects.get_or_create(
        authority=authority, suggested=suggested, defaults={"dismissed_by": actor}
    )
    if created:
        event_record(
            actor=actor,
            kind="exchange.suggestion_dismissed",
            target=authority,
            data={"suggested": suggested.pk},
        )
    return dismissal
