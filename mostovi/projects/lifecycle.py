"""The phases of a project, the transitions allowed, and the conditions of each gate.

A condition takes a project and returns None when it is met, or the translated reason it is not. The same
list explains the gate on the project page and in the API's 409.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from .models import Phase

Condition = Callable[["object"], str | None]

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


def two_partners_from_two_countries(project) -> str | None:
    partners = list(project.partners.all())
    countries = {p.authority.country for p in partners}
    if len(partners) < 2 or len(countries) < 2:
        return _("At least two partner authorities from two different countries are needed.")
    return None


def expertise_mission_recorded(project) -> str | None:
    missions = [m for m in project.missions.all() if m.deleted_at is None]
    if not any(m.findings.strip() and m.recommendations.strip() for m in missions):
        return _("An expertise mission with its findings and recommendations must be recorded first.")
    return None


def mission_report_accepted_by_every_partner(project) -> str | None:
    from .selectors import mission_current, partners_missing_mission_acceptance

    mission = mission_current(project=project)
    if mission is None:
        return None  # the previous condition names what is missing
    missing = partners_missing_mission_acceptance(project=project, mission=mission)
    if missing:
        return _("The expertise mission report is not yet accepted by: %(partners)s.") % {
            "partners": ", ".join(str(a) for a in missing)
        }
    return None


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


def convention_signed_by_every_partner(project) -> str | None:
    from .models import DocumentCategory

    partner_ids = {str(p.authority_id) for p in project.partners.all()}
    for document in project.documents.all():
        if document.deleted_at is None and document.category == DocumentCategory.CONVENTION:
            signed = {k for k, v in (document.signatures or {}).items() if v}
            if partner_ids <= signed and document.versions.all():
                return None
    return _("The partnership convention must be uploaded with the signature date of every partner.")


def funding_plan_approved_and_balanced(project) -> str | None:
    from mostovi.funding.plan_selectors import funding_plan_approved_and_balanced as condition

    return condition(project)


def at_least_one_completed_review(project) -> str | None:
    from mostovi.evaluation.review_selectors import at_least_one_completed_review as condition

    return condition(project)


def final_review_approved_by_every_partner(project) -> str | None:
    from mostovi.evaluation.review_selectors import final_review_approved_by_every_partner as condition

    return condition(project)


def follow_up_actions_done_or_handed_over(project) -> str | None:
    """Every follow-up action is done, handed over to a member who carries it on, or cancelled."""
    from mostovi.evaluation.action_selectors import open_actions_titles

    titles = open_actions_titles(project)
    if titles:
        return _("These follow-up actions are still open: %(actions)s.") % {"actions": "; ".join(titles)}
    return None


def lessons_learned_recorded(project) -> str | None:
    from mostovi.evaluation.lesson_selectors import lessons_at_closing_exist

    if not lessons_at_closing_exist(project):
        return _("Record the lessons learned at closing.")
    return None


# Gates are lists of named conditions: later work adds to them (the funding plan, the reviews).
GATES: dict[Phase, list[Condition]] = {
    Phase.EXPERTISE_MISSION: [two_partners_from_two_countries],
    Phase.JOINT_DEFINITION: [expertise_mission_recorded, mission_report_accepted_by_every_partner],
    Phase.FUNDING: [programme_approved_by_every_partner],
    Phase.IMPLEMENTATION: [funding_plan_approved_and_balanced, convention_signed_by_every_partner],
    Phase.EVALUATION: [at_least_one_completed_review],
    Phase.CLOSED: [
        final_review_approved_by_every_partner,
        follow_up_actions_done_or_handed_over,
        lessons_learned_recorded,
    ],
}


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
