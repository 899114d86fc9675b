"""Reads of the exchange that cross relations: the browse list, a post with its texts, threads, digests."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.directory.models import Country
from mostovi.themes.models import Theme

from . import permissions
from .exceptions import InvalidInput
from .models import Interest, InterestMessage, Post, PostKind, PostStatus, PostTranslation, SavedFilter

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?\Z")
FILTER_KEYS = ("kind", "theme", "country", "sought", "language")


# --- filters --------------------------------------------------------------------------------------


def filters_clean(params) -> dict[str, str]:
    """The known, non-empty filters of `params` (a dict or a QueryDict); an unknown value is refused."""
    cleaned = {}
    for key in FILTER_KEYS:
        value = (params.get(key) or "").strip()
        if value:
            cleaned[key] = value
    if "kind" in cleaned and cleaned["kind"] not in PostKind.values:
        raise InvalidInput(_("Unknown kind of post: %(value)s.") % {"value": cleaned["kind"][:20]})
    if "theme" in cleaned and not Theme.objects.filter(slug=cleaned["theme"]).exists():
        raise InvalidInput(_("Unknown theme: %(value)s.") % {"value": cleaned["theme"][:40]})
    for key in ("country", "sought"):
        if key in cleaned:
            cleaned[key] = cleaned[key].upper()
            if cleaned[key] not in Country.values:
                raise InvalidInput(_("Unknown country: %(value)s.") % {"value": cleaned[key][:20]})
    if "language" in cleaned:
        if not LANGUAGE_CODE.match(cleaned["language"]):
            raise InvalidInput(_("Unknown language code: %(code)s.") % {"code": cleaned["language"][:20]})
        # Stored in one case (core.text.clean_language): "sr-Latn" finds the posts in "sr-latn".
        cleaned["language"] = cleaned["language"].lower()
    return cleaned


# --- posts ----------------------------------------------------------------------------------------


def _with_relations(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("authority", "on_behalf_of_network").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("position")),
        Prefetch("translations", queryset=PostTranslation.objects.order_by("language")),
    )


def post_list(
    *,
    filters: dict | None = None,
    include_expired: bool = False,
    include_closed: bool = False,
    authority_id: int | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
) -> QuerySet[Post]:
    """Posts that are alive (and, by default, open and not expired), newest first; `filters` are cleaned."""
    filters = filters or {}
    posts = Post.objects.alive()
    if not include_closed:
        posts = posts.filter(status=PostStatus.OPEN)
    if not include_expired:
        posts = posts.filter(valid_until__gte=timezone.localdate())
    if authority_id is not None:
        posts = posts.filter(authority_id=authority_id)
    if created_after is not None:
        posts = posts.filter(created_at__gt=created_after)
    if created_before is not None:
        posts = posts.filter(created_at__lte=created_before)
    if "kind" in filters:
        posts = posts.filter(kind=filters["kind"])
    if "theme" in filters:
        posts = posts.filter(themes__slug=filters["theme"])
    if "country" in filters:
        posts = posts.filter(authority__country=filters["country"])
    if "sought" in filters:
        # JSON containment is not on SQLite: the codes are two capitals, so a quoted match is exact.
        posts = posts.filter(countries_sought__icontains=f'"{filters["sought"]}"')
    if "language" in filters:
        language = filters["language"]
        posts = posts.filter(Q(language=language) | Q(translations__language=language))
    return _with_relations(posts.distinct()).order_by("-created_at", "-id")


def post_get(*, pk: int, include_deleted: bool = False) -> Post | None:
    posts = Post.objects.all() if include_deleted else Post.objects.alive()
    return _with_relations(posts).filter(pk=pk).first()


def post_get_for_user(*, user, pk: int) -> Post | None:
    """The post, or None when it does not exist or the user may not see it (deleted, not theirs)."""
    post = post_get(pk=pk, include_deleted=True)
    if post is None or not permissions.can_view_post(user, post):
        return None
    return post


@dataclass
class PostText:
    language: str
    title: str
    body: str
    is_original: bool


def post_texts(post: Post) -> list[PostText]:
    """The original first, then the translations (prefetched by the selectors)."""
    texts = [PostText(post.language, post.title, post.body, True)]
    texts += [PostText(t.language, t.title, t.body, False) for t in post.translations.all()]
    return texts


def post_text(post: Post, language: str | None) -> PostText:
    """The post's text in `language` when it has one (same language, else same base language), else the
    original."""
    texts = post_texts(post)
    if language:
        for text in texts:
            if text.language.lower() == language.lower():
                return text
        base = language.split("-")[0].lower()
        for text in texts:
            if text.language.split("-")[0].lower() == base:
                return text
    return texts[0]


def posts_of_authority(*, authority_id: int, limit: int = 10) -> list[Post]:
    return list(post_list(authority_id=authority_id)[:limit])


# --- saved filters and digests ------------------------------------------------------------------------


def saved_filters_of(*, user) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user=user).order_by("created_at", "id")


def digest_posts(*, saved_filter: SavedFilter, until: datetime) -> list[Post]:
    """Posts that fit the filter, created since its last digest (or since it was saved) and until `until`."""
    since = saved_filter.last_digest_at or saved_filter.created_at
    try:
        filters = filters_clean(saved_filter.params or {})
    except InvalidInput:
        return []
    return list(post_list(filters=filters, created_after=since, created_before=until))


# --- expressions of interest ------------------------------------------------------------------------


def interest_get_for_user(*, user, pk: int) -> Interest | None:
    """The thread with its messages, or None when it does not exist or the user is not one of its sides."""
    interest = (
        Interest.objects.select_related(
            "post", "from_authority", "to_authority", "opened_by", "decided_by", "partnership", "project"
        )
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=InterestMessage.objects.select_related("author").order_by("created_at", "id"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if interest is None or not permissions.can_view_interest(user, interest):
        return None
    return interest


def interests_for_user(*, user) -> QuerySet[Interest]:
    ids = permissions.acting_authority_ids(user)
    return (
        Interest.objects.filter(Q(from_authority_id__in=ids) | Q(to_authority_id__in=ids))
        .select_related("post", "from_authority", "to_authority")
        .order_by("-created_at", "-id")
    )
