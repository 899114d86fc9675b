"""Posts of the exchange: written, changed, translated, closed, reopened, deleted and restored."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core.services import event_record
from mostovi.directory.models import Organisation, OrganisationKind

from .. import permissions
from ..exceptions import InvalidInput, NotAllowed, StaleVersion
from ..models import (
    Post,
    PostStatus,
    PostTranslation,
)
from .common import (
    _check_authority,
    _check_countries,
    _check_duration,
    _check_kind,
    _check_language,
    _check_languages,
    _check_levels,
    _check_size,
    _check_text,
    _check_themes,
    _check_valid_until,
    _require,
    _system,
)

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
