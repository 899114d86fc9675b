"""Reads of the funding catalogue and of what eligibility needs."""

from django.db.models import F, Prefetch, QuerySet

from mostovi.projects.models import Document, Project, ProjectPartner

from .. import permissions
from ..models import AidDeclarationFiling, Call, ChangeProposal, Instrument, Rule, RuleKind, SavedCall
from .texts import text as catalogue_text

COUNTRY_KINDS = (RuleKind.LEAD_COUNTRY_IN, RuleKind.PARTNER_COUNTRY_IN, RuleKind.MIN_PARTNER_COUNTRIES)


def instrument_queryset() -> QuerySet[Instrument]:
    return Instrument.objects.alive().prefetch_related(
        Prefetch("rules", queryset=Rule.objects.order_by("position", "id")),
        Prefetch("calls", queryset=Call.objects.order_by(F("closes_on").asc(nulls_last=True), "id")),
        "themes",
    )


def instrument_countries(instrument) -> set[str] | None:
    """The countries whose authorities the country rules let in (lead or partner); None when unrestricted."""
    countries: set[str] = set()
    restricted = False
    for rule in instrument.rules.all():
        if rule.kind in COUNTRY_KINDS and isinstance(rule.params, dict):
            restricted = True
            countries.update(c for c in rule.params.get("countries", []) if isinstance(c, str))
    return countries if restricted else None


def instrument_list(
    *, funder: str = "", kind: str = "", theme: str = "", country: str = "", active_only: bool = False
) -> list[Instrument]:
    """The catalogue, filtered. Country: an instrument whose country rules name it, or that has none."""
    qs = instrument_queryset()
    if funder:
        qs = qs.filter(funder=funder)
    if kind:
        qs = qs.filter(kind=kind)
    if theme:
        qs = qs.filter(themes__slug=theme)
    if active_only:
        qs = qs.filter(is_active=True)
    instruments = list(qs.order_by("name").distinct())
    if country:
        instruments = [
            i for i in instruments if (allowed := instrument_countries(i)) is None or country in allowed
        ]
    return instruments


def calls_of_year(instrument, year: int) -> list[Call]:
    """The calls of `year`: opening or closing that year, or undated with the year in their title (a call
    whose dates no source confirmed). Reads `instrument.calls.all()` (prefetched)."""
    return [
        call
        for call in instrument.calls.all()
        if (call.opens_on and call.opens_on.year == year)
        or (call.closes_on and call.closes_on.year == year)
        or (not call.opens_on and not call.closes_on and str(year) in call.title)
    ]


def instrument_get(pk: int) -> Instrument | None:
    return instrument_queryset().filter(pk=pk).first()


def funder_choices() -> list[tuple[str, str]]:
    """(the funder as the catalogue stores it, its name in the reader's language), one per funder, by name."""
    labels: dict[str, str] = {}
    for instrument in Instrument.objects.alive().only("id", "funder", "translations").order_by("id"):
        labels.setdefault(instrument.funder, catalogue_text(instrument, "funder"))
    return sorted(labels.items(), key=lambda item: item[1].casefold())


def instruments_for_eligibility(instrument_id: int | None = None) -> list[Instrument]:
    """Active instruments with their rules: two queries."""
    qs = Instrument.objects.alive().filter(is_active=True)
    if instrument_id is not None:
        qs = Instrument.objects.alive().filter(pk=instrument_id)
    return list(
        qs.only("id", "slug", "name", "funder", "kind", "is_active").prefetch_related(
            Prefetch("rules", queryset=Rule.objects.order_by("position", "id"))
        )
    )


def project_for_eligibility(pk: int, *, with_texts: bool = False) -> Project | None:
    """A project with what eligibility and the visibility check read (partners, participants, documents)."""
    prefetches = [
        Prefetch("partners", queryset=ProjectPartner.objects.select_related("authority")),
        "participants",
        Prefetch(
            "documents", queryset=Document.objects.alive().only("id", "project_id", "category", "deleted_at")
        ),
    ]
    if with_texts:
        prefetches.append("texts")
    return Project.objects.all().prefetch_related(*prefetches).filter(pk=pk).first()


def proposal_list(*, status: str | None = "open") -> QuerySet[ChangeProposal]:
    qs = ChangeProposal.objects.select_related("instrument", "proposed_by", "decided_by").order_by(
        "-created_at", "-id"
    )
    return qs.filter(status=status) if status else qs


def aid_declaration_panel(*, user, authority) -> dict:
    """The e-APD declarations an authority recorded as filed, and whether `user` may record one."""
    return {
        "filings": list(AidDeclarationFiling.objects.filter(authority=authority).order_by("-year")),
        "can_record": permissions.can_record_aid_declaration(user, authority),
    }


def calls_followed(*, user, instrument=None) -> set[int]:
    """The ids of the calls `user` follows (of `instrument` when given)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    rows = SavedCall.objects.filter(user=user)
    if instrument is not None:
        rows = rows.filter(call__instrument=instrument)
    return set(rows.values_list("call_id", flat=True))


def saved_calls_closing(*, user, start, end) -> list[Call]:
    """The calls `user` follows that close between `start` and `end` (inclusive), soonest first."""
    return list(
        Call.objects.filter(savers__user=user, closes_on__gte=start, closes_on__lte=end)
        .select_related("instrument")
        .order_by("closes_on", "id")
    )
