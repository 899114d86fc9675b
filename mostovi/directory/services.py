"""Every write to the directory."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.core.services import event_record
from mostovi.core.text import check_dates

from .exceptions import InvalidInput, NotAllowed
from .models import SUBUNIT_LEVELS, Organisation, SearchTerm
from .permissions import can_edit_mandate
from .search import normalise, normalise_variants, word_starts

WEIGHT_NAME = 0
WEIGHT_ALIAS = 1
WEIGHT_WORD = 2


def _terms_for(organisation: Organisation, aliases: Iterable[str] = ()) -> dict[str, int]:
    """Folded term → best (lowest) weight, for every name the organisation may be searched by."""
    names = [organisation.name, organisation.name_latin, organisation.acronym]
    names += [item.get("name", "") for item in organisation.other_names or [] if isinstance(item, dict)]
    terms: dict[str, int] = {}

    def add(term: str, weight: int) -> None:
        term = term[:255]
        if term and weight < terms.get(term, 99):
            terms[term] = weight

    for name in filter(None, names):
        for variant in normalise_variants(name):
            add(variant, WEIGHT_NAME)
            for start in word_starts(variant):
                add(start, WEIGHT_WORD)
    stored = [a.get("name", "") for a in organisation.aliases or [] if isinstance(a, dict)]
    for alias in filter(None, [*aliases, *stored]):
        for variant in normalise_variants(alias):
            add(variant, WEIGHT_ALIAS)
    return terms


def organisation_prepare(organisation: Organisation) -> Organisation:
    """Fill the derived columns (sort key, sub-unit flag) before a save."""
    organisation.sort_key = normalise(organisation.name_latin or organisation.name)[:255]
    organisation.is_subunit = organisation.level in SUBUNIT_LEVELS
    return organisation


def search_terms_rebuild(
    organisations: Iterable[Organisation], aliases: dict[int, list[str]] | None = None
) -> int:
    """Replace the search terms of `organisations` (already saved); returns the number of terms written."""
    aliases = aliases or {}
    organisations = list(organisations)
    SearchTerm.objects.filter(organisation__in=[o.pk for o in organisations]).delete()
    rows = [
        SearchTerm(organisation_id=o.pk, term=term, weight=weight)
        for o in organisations
        for term, weight in _terms_for(o, aliases.get(o.pk, ())).items()
    ]
    SearchTerm.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def organisation_create(*, actor, **fields) -> Organisation:
    organisation = organisation_prepare(Organisation(**fields))
    organisation.full_clean()
    organisation.save()
    search_terms_rebuild([organisation])
    event_record(
        actor=actor, kind="organisation.created", target=organisation, data={"name": organisation.name}
    )
    return organisation


def search_terms_stale(
    organisations: Iterable[Organisation], aliases: dict[int, list[str]] | None = None
) -> list[Organisation]:
    """The organisations (already saved) whose stored search terms differ from their names and aliases."""
    aliases = aliases or {}
    organisations = list(organisations)
    stored: dict[int, dict[str, int]] = {}
    for start in range(0, len(organisations), 2000):
        chunk = [o.pk for o in organisations[start : start + 2000]]
        for org_id, term, weight in SearchTerm.objects.filter(organisation__in=chunk).values_list(
            "organisation_id", "term", "weight"
        ):
            stored.setdefault(org_id, {})[term] = weight
    return [o for o in organisations if stored.get(o.pk, {}) != _terms_for(o, aliases.get(o.pk, ()))]


class _ReferenceData:
    """Stands for the whole reference data set as the target of its import events."""

    _meta = Organisation._meta
    pk = "reference-data"


def reference_import_record(*, data: dict):
    """Journal one run of the reference import that changed the directory (called inside its transaction)."""
    return event_record(actor=None, kind="directory.reference_imported", target=_ReferenceData(), data=data)


MANDATE_YEAR_MIN = 1990
MANDATE_YEAR_MAX = 2100


@transaction.atomic
def organisation_mandate_update(
    *, actor, organisation: Organisation, mandate_started_on: date | None, next_elections_on: date | None
) -> Organisation:
    """Record when the authority's current mandate began and when its next local elections are (or clear)."""
    if not can_edit_mandate(actor, organisation):
        raise NotAllowed(
            _("You cannot change the mandate dates of %(organisation)s.") % {"organisation": organisation}
        )
    if not organisation.is_authority:
        raise InvalidInput(_("Only local authorities record mandate dates."))
    days = (mandate_started_on, next_elections_on)
    check_dates(*days, error=InvalidInput, first=MANDATE_YEAR_MIN, last=MANDATE_YEAR_MAX)
    if mandate_started_on and next_elections_on and next_elections_on <= mandate_started_on:
        raise InvalidInput(_("The next elections must come after the start of the current mandate."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    previous = (organisation.mandate_started_on, organisation.next_elections_on)
    if previous == (mandate_started_on, next_elections_on):
        return organisation
    organisation.mandate_started_on = mandate_started_on
    organisation.next_elections_on = next_elections_on
    organisation.save(update_fields=["mandate_started_on", "next_elections_on"])
    event_record(
        actor=actor,
        kind="organisation.mandate_updated",
        target=organisation,
        data={
            "mandate_started_on": mandate_started_on.isoformat() if mandate_started_on else None,
            "next_elections_on": next_elections_on.isoformat() if next_elections_on else None,
            "previous_mandate_started_on": previous[0].isoformat() if previous[0] else None,
            "previous_next_elections_on": previous[1].isoformat() if previous[1] else None,
        },
    )
    return organisation
