"""What the exchange's services share: the checks of what is posted and the notifications."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core import text
from mostovi.directory.models import Country, Level, Organisation, OrganisationKind
from mostovi.themes.models import Theme

from ..exceptions import InvalidInput, NotAllowed
from ..models import (
    Interest,
    PartnerSize,
    PostKind,
)
from ..tasks import interest_notify

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
