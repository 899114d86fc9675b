"""What a person keeps for themselves: saved filters, and suggestions dismissed."""

from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.core import text
from mostovi.core.services import event_record
from mostovi.directory.models import Organisation, OrganisationKind

from .. import permissions
from ..exceptions import InvalidInput
from ..models import (
    SavedFilter,
    SuggestionDismissal,
)
from ..selectors import filters_clean
from .common import SAVED_FILTERS_MAX, _require

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
