"""Is a project eligible for an instrument? The rules answer one by one; this module sums them up.

The verdict of a project for an instrument, precisely:

- the checks that weigh are every check except the plan-dependent ones evaluated without a plan (they are
  shown, "checked against the funding plan", but they bound the plan, not the right to apply);
- `not_eligible` when a weighing check of a *verified* rule fails;
- otherwise `unknown` when a weighing check is unknown, or fails on an *unverified* rule (the platform does
  not state an unverified rule as a refusal), or when the instrument has no weighing rule at all (nothing
  checked is not "eligible");
- otherwise `eligible`. A rule marked unverified never passes (`checkers.check` turns its pass into "unknown",
  with the reason), so it is an open point; the weighing checks on unverified rules are counted
  (`unverified`) and shown.

Ranking of a project against the catalogue: eligible first, then unknown by fewest open points, then
not eligible by fewest failures; ties by instrument name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .checkers import check
from .facts import FAIL, UNKNOWN, Check, PlanFacts, ProjectFacts, project_facts
from .texts import text as catalogue_text

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
VERDICT_UNKNOWN = "unknown"
VERDICT_ORDER = {ELIGIBLE: 0, VERDICT_UNKNOWN: 1, NOT_ELIGIBLE: 2}


@dataclass
class Verdict:
    instrument: object
    verdict: str
    checks: list[Check] = field(default_factory=list)
    # The weighing checks that failed on verified rules, and those left open (unknown or unverified failure).
    failures: list[Check] = field(default_factory=list)
    open_points: list[Check] = field(default_factory=list)
    unverified: int = 0

    @property
    def missing(self) -> list[Check]:
        """What stands between the project and the instrument: failures first, then open points."""
        return self.failures + self.open_points

    def sort_key(self) -> tuple:
        count = {ELIGIBLE: 0, VERDICT_UNKNOWN: len(self.open_points), NOT_ELIGIBLE: len(self.failures)}
        return (VERDICT_ORDER[self.verdict], count[self.verdict], catalogue_text(self.instrument).casefold())


def evaluate(instrument, facts: ProjectFacts) -> Verdict:
    """The verdict of one instrument; reads `instrument.rules.all()` (prefetch it)."""
    checks = [check(rule, facts) for rule in instrument.rules.all()]
    failures, open_points, weighing = [], [], 0
    unverified = 0
    for item in checks:
        if item.awaits_plan:
            continue
        weighing += 1
        if item.result == FAIL and item.verified:
            failures.append(item)
        elif item.result == UNKNOWN or item.result == FAIL:
            open_points.append(item)
        if not item.verified:
            unverified += 1
    if failures:
        verdict = NOT_ELIGIBLE
    elif open_points or not weighing:
        verdict = VERDICT_UNKNOWN
    else:
        verdict = ELIGIBLE
    return Verdict(
        instrument=instrument,
        verdict=verdict,
        checks=checks,
        failures=failures,
        open_points=open_points,
        unverified=unverified,
    )


def project_eligibility(
    project, instruments, plan: PlanFacts | None = None, *, plans: dict[int, PlanFacts] | None = None
) -> list[Verdict]:
    """Every given instrument (active ones, with rules prefetched) for one project, ranked.

    `plans` gives, by instrument id, what the project's current funding plan asks of it
    (`plans.selectors.plan_facts_of`): the plan-dependent rules of those instruments are then checked against
    the plan, with the same limits the plan itself is checked against (`limits.plan_limits`), so the plan and
    the eligibility page say the same thing about the same instrument.
    """
    facts = project if isinstance(project, ProjectFacts) else project_facts(project, plan)
    plans = plans or {}
    return sorted(
        (
            evaluate(
                instrument, replace(facts, plan=plans[instrument.pk]) if instrument.pk in plans else facts
            )
            for instrument in instruments
        ),
        key=Verdict.sort_key,
    )
