"""Every write to the directory."""

from collections.abc import Iterable

from django.db import transaction

from mostovi.core.services import event_record

from .models import SUBUNIT_LEVELS, Organisation, SearchTerm
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
    for alias in aliases:
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
