"""The phases of a project, the transitions allowed, and the conditions of each gate.

A condition takes a project and returns None when it is met, or the translated reason it is not; it carries
its own label (what it asks, for the project page). The same list explains the gate on the project page and
in the API's 409.

The gates are a registry: this module holds the conditions on the project's own records; the apps above
`projects` add theirs with `register_gate(phase, condition)` from their `AppConfig.ready()` (`funding.gates`:
the funding plan; `evaluation.gates`: the reviews, the follow-up actions, the lessons). This module imports no
app above it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Phase


@dataclass(frozen=True)
class Condition:
    """One condition of a gate: `check(project)` is None when met, else the translated reason."""

    check: Callable[[object], str | None]
    label: Callable[[], str]  # what the condition asks, translated when called

    @property
    def name(self) -> str:
        return self.check.__name__

    def __call__(self, project) -> str | None:
        return self.check(project)


def condition(label: Callable[[], str]) -> Callable[[Callable], Condition]:
    """Decorate a check as a condition with its label: `@condition(lambda: _("…"))`."""
    return lambda check: Condition(check, label)


ORDER: tuple[Phase, ...] = (
    Phase.IDENTIFICATION,
    Phase.EXPERTISE_MISSION,
    Phase.JOINT_DEFINITION,
    Phase.FUNDING,
    Phase.IMPLEMENTATION,
    Phase.EVALUATION,
    Phase.CLOSED,
)
ACTIVE = ORDER[:-1]

TRANSITIONS: dict[Phase, tuple[Phase, ...]] = {
    Phase.IDENTIFICATION: (Phase.EXPERTISE_MISSION, Phase.SUSPENDED, Phase.CANCELLED),
    Phase.EXPERTISE_MISSION: (Phase.JOINT_DEFINITION, Phase.SUSPENDED, Phase.CANCELLED),
    Phase.JOINT_DEFINITION: (Phase.FUNDING, Phase.SUSPENDED, Phase.CANCELLED),
    Phase.FUNDING: (Phase.IMPLEMENTATION, Phase.SUSPENDED, Phase.CANCELLED),
    Phase.IMPLEMENTATION: (Phase.EVALUATION, Phase.SUSPENDED, Phase.CANCELLED),
    Phase.EVALUATION: (Phase.CLOSED, Phase.IMPLEMENTATION, Phase.SUSPENDED, Phase.CANCELLED),
    # A suspended project resumes to the phase it left (checked in `allowed_targets`).
    Phase.SUSPENDED: (*ACTIVE, Phase.CANCELLED),
    Phase.CLOSED: (),
    Phase.CANCELLED: (),
}

# Transitions that need a written reason.
NEEDS_REASON = (Phase.SUSPENDED, Phase.CANCELLED)


# --- conditions -------------------------------------------------------------------------------


@condition(lambda: _("At least two partner authorities from two different countries."))
def two_partners_from_two_countries(project) -> str | None:
    partners = list(project.partners.all())
    countries = {p.authority.country for p in partners}
    if len(partners) < 2 or len(countries) < 2:
        return _("At least two partner authorities from two different countries are needed.")
    return None


class NotApplicable(str):
    """What a condition returns when there is nothing to check yet (no mission, no programme): falsy, so the
    gate's other conditions decide, and shown as "not applicable", never as met."""


NOT_APPLICABLE = NotApplicable("")


@condition(lambda: _("An expertise mission with its findings and recommendations is recorded."))
def expertise_mission_recorded(project) -> str | None:
    missions = [m for m in project.missions.all() if m.deleted_at is None]
    if not any(m.findings.strip() and m.recommendations.strip() for m in missions):
        return _("An expertise mission with its findings and recommendations must be recorded first.")
    return None


@condition(lambda: _("Every partner accepted the expertise mission report."))
def mission_report_accepted_by_every_partner(project) -> str | None:
    from .selectors import mission_current, partners_missing_mission_acceptance

    mission = mission_current(project=project)
    if mission is None:
        return NOT_APPLICABLE  # the previous condition names what is missing
    missing = partners_missing_mission_acceptance(project=project, mission=mission)
    if missing:
        return _("The expertise mission report is not yet accepted by: %(partners)s.") % {
            "partners": ", ".join(str(a) for a in missing)
        }
    return None


@condition(lambda: _("Every partner approved the current version of the programme."))
def programme_approved_by_every_partner(project) -> str | None:
    from .selectors import partners_missing_programme_approval, programme_current

    programme = programme_current(project=project)
    if programme is None:
        return _("The programme of intervention choices has not been written yet.")
    missing = partners_missing_programme_approval(project=project, version=programme)
    if missing:
        return _("Version %(version)s of the programme is not yet approved by: %(partners)s.") % {
            "version": programme.number,
            "partners": ", ".join(str(a) for a in missing),
        }
    return None


@condition(lambda: _("The partnership convention is uploaded with the signature date of every partner."))
def convention_signed_by_every_partner(project) -> str | None:
    from .models import DocumentCategory

    partner_ids = {str(p.authority_id) for p in project.partners.all()}
    for document in project.documents.all():
        if document.deleted_at is None and document.category == DocumentCategory.CONVENTION:
            signed = {k for k, v in (document.signatures or {}).items() if v}
            if partner_ids <= signed and document.versions.all():
                return None
    return _("The partnership convention must be uploaded with the signature date of every partner.")


# Gates are lists of conditions; the apps above add theirs with `register_gate`.
GATES: dict[Phase, list[Condition]] = {
    Phase.EXPERTISE_MISSION: [two_partners_from_two_countries],
    Phase.JOINT_DEFINITION: [expertise_mission_recorded, mission_report_accepted_by_every_partner],
    Phase.FUNDING: [programme_approved_by_every_partner],
    Phase.IMPLEMENTATION: [convention_signed_by_every_partner],
    Phase.EVALUATION: [],
    Phase.CLOSED: [],
}


def register_gate(phase: Phase, condition: Condition, *, position: int | None = None) -> None:
    """Add `condition` to the gate into `phase` (at `position`, else last); once only."""
    conditions = GATES.setdefault(phase, [])
    if any(c.name == condition.name for c in conditions):
        return
    conditions.insert(len(conditions) if position is None else position, condition)


def __getattr__(name: str) -> Condition:
    """A registered condition by its name (`lifecycle.lessons_learned_recorded`), wherever it is defined."""
    for conditions in GATES.values():
        for registered in conditions:
            if registered.name == name:
                return registered
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def unmet_conditions(project, target: Phase) -> list[str]:
    """Reasons the gate into `target` is closed, in order; empty when it is open."""
    reasons = []
    for condition in GATES.get(target, []):
        reason = condition(project)
        if reason:
            reasons.append(reason)
    return reasons


def allowed_targets(project) -> tuple[Phase, ...]:
    current = Phase(project.phase)
    if current == Phase.SUSPENDED:
        return tuple(p for p in (Phase(project.resume_phase), Phase.CANCELLED) if p)
    return TRANSITIONS[current]


def skipped_gates(project, target: Phase) -> list[Phase]:
    """Phases between the current one and `target` (exclusive) that a jump would skip."""
    current = Phase(project.phase)
    if current not in ORDER or target not in ORDER:
        return []
    start, end = ORDER.index(current), ORDER.index(target)
    return list(ORDER[start + 1 : end]) if end > start + 1 else []
