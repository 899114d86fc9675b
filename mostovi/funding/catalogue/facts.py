"""What a rule is checked against: the facts of a project (and of its plan), built once per project,
and the result of one check."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from mostovi.directory.models import Level

from ..models import AidDeclarationFiling, RuleKind

PASS = "pass"  # noqa: S105 (a result, not a password)
FAIL = "fail"
UNKNOWN = "unknown"

PLAN_KINDS = frozenset(
    {
        RuleKind.MAX_RATE,
        RuleKind.AMOUNT_RANGE,
        RuleKind.LUMP_SUM_RANGE,
        RuleKind.MIN_OWN_SHARE,
        RuleKind.IN_KIND_CAP,
    }
)
COMMUNE_LEVELS = (Level.CITY, Level.MUNICIPALITY)

# The facts a `precondition` rule may name (`checkers.PRECONDITION_FACTS` reads each; the params schema
# accepts these names).
PRECONDITION_FACT_NAMES = ("eapd_filed",)


# --- the facts a rule is checked against ------------------------------------------------------------


@dataclass(frozen=True)
class PartnerFact:
    authority_id: int
    name: str
    country: str
    kind: str
    level: str
    is_lead: bool


@dataclass(frozen=True)
class PlanFacts:
    """What a funding plan asks of one instrument, in euros (the plan helper fills it)."""

    total: Decimal
    grant: Decimal
    own_cash: dict[int, Decimal] = field(default_factory=dict)
    in_kind: dict[int, Decimal] = field(default_factory=dict)
    # The partners who receive this instrument's grant in the plan.
    recipients: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ProjectFacts:
    project_id: int | None
    partners: tuple[PartnerFact, ...]
    themes: frozenset[str] = frozenset()
    document_categories: frozenset[str] = frozenset()
    planned_start: date | None = None
    planned_end: date | None = None
    plan: PlanFacts | None = None
    # The e-APD campaigns (years) each partner authority has recorded as filed: {authority_id: years}.
    aid_declarations: dict[int, frozenset[int]] = field(default_factory=dict)
    today: date | None = None

    @property
    def lead(self) -> PartnerFact | None:
        return next((p for p in self.partners if p.is_lead), None)

    @property
    def others(self) -> tuple[PartnerFact, ...]:
        return tuple(p for p in self.partners if not p.is_lead)


@dataclass(frozen=True)
class Check:
    result: str
    reason: str
    source: str
    verified: bool
    rule: str = ""
    rule_id: int | None = None
    text: str = ""
    checked_on: date | None = None
    # Checked against the funding plan: without a plan it says "unknown" and does not weigh on the verdict.
    awaits_plan: bool = False


def _dec(value) -> Decimal:
    return Decimal(str(value))


# --- what the plan helper reads ---------------------------------------------------------------------


def aid_declarations_of(authority_ids) -> dict[int, frozenset[int]]:
    """The e-APD campaigns recorded as filed, by authority (one query)."""
    years: dict[int, set[int]] = {}
    rows = AidDeclarationFiling.objects.filter(authority_id__in=list(authority_ids)).values_list(
        "authority_id", "year"
    )
    for authority_id, year in rows:
        years.setdefault(authority_id, set()).add(year)
    return {k: frozenset(v) for k, v in years.items()}


def project_facts(project, plan: PlanFacts | None = None, *, declarations: bool = True) -> ProjectFacts:
    """The facts the rules read, from a project whose partners (with authority) and documents are loaded;
    with `declarations`, one query reads the e-APD filings of its French partners."""
    partners = tuple(
        PartnerFact(
            authority_id=p.authority_id,
            name=p.authority.name_latin or p.authority.name,
            country=p.authority.country,
            kind=p.authority.kind,
            level=p.authority.level,
            is_lead=p.is_lead,
        )
        for p in project.partners.all()
    )
    categories = frozenset(d.category for d in project.documents.all() if d.deleted_at is None)
    french = [p.authority_id for p in partners if p.country == "FR"]
    return ProjectFacts(
        project_id=project.pk,
        partners=partners,
        themes=frozenset(project.themes or []),
        document_categories=categories,
        planned_start=project.planned_start,
        planned_end=project.planned_end,
        plan=plan,
        aid_declarations=aid_declarations_of(french) if declarations and french else {},
        today=timezone.localdate(),
    )


def _as_facts(project) -> ProjectFacts:
    if isinstance(project, ProjectFacts):
        return project
    return project_facts(project, declarations=False)
