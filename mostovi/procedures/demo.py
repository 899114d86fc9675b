"""Demo procedure board of the Lyon–Niš water project: each side's steps for entering the agreement, done
before the project enters implementation on 20 January 2026 (the gate waits for them), at the dates of the
story; the budget and later steps are still to do. Written through the services, once (a second run changes
nothing)."""

from datetime import date

from mostovi.core.events import story_dates
from mostovi.projects.demo import WATER_TITLE, _demo, water_lead
from mostovi.projects.selectors import project_get_for_page

from . import services
from .models import ProcedureStep

LYON, NIS = "lyon", "RS:city:Niš"  # Lyon's side: the water project's French lead (projects.demo.water_lead)
OFFICER_LYON, OFFICER_NIS = "officer.lyon@example.org", "officer.nis@example.org"

# (story date, account, authority key, step, done on, reason for a not applicable step)
STEPS = (
    (date(2025, 12, 15), OFFICER_LYON, LYON, "fr.no_foreign_state", date(2025, 12, 15), ""),
    (date(2025, 12, 16), OFFICER_LYON, LYON, "fr.council_deliberation", date(2025, 12, 15), ""),
    (date(2025, 12, 19), OFFICER_NIS, NIS, "rs.assembly_decision", date(2025, 12, 18), ""),
    (date(2026, 1, 15), OFFICER_LYON, LYON, "fr.prefect_transmission", date(2026, 1, 14), ""),
    (date(2026, 1, 16), OFFICER_NIS, NIS, "rs.government_consent", date(2026, 1, 15), ""),
)


def _authority(organisations: dict, key: str):
    return water_lead(organisations) if key == LYON else organisations.get(key)


def demo_procedures_ensure(*, users: dict, organisations: dict) -> list[str]:
    project = _demo(WATER_TITLE)
    if project is None:
        return []
    if ProcedureStep.objects.filter(project=project).exists():
        return ["demo procedure board Lyon–Niš already there"]
    for when, email, key, step_id, done_on, reason in STEPS:
        authority = _authority(organisations, key)
        if authority is None or email not in users:
            continue
        with story_dates(when):
            services.procedure_step_update(
                actor=users[email],
                project=project_get_for_page(pk=project.pk),
                step_id=step_id,
                status="not_applicable" if reason else "done",
                done_on=done_on,
                reason=reason,
                authority_id=authority.pk,
            )
    lines = [f"demo procedure board Lyon–Niš: {len(STEPS)} steps recorded"]
    lines += _documents(users, organisations, project)
    return lines


def _documents(users, organisations, project) -> list[str]:
    """The convention written in French and Serbian Cyrillic and approved by both, and each side's draft
    council decision, at the dates the councils prepared them."""
    lyon, nis = _authority(organisations, LYON), _authority(organisations, NIS)
    needed = (OFFICER_LYON, OFFICER_NIS, "elected.lyon@example.org", "elected.nis@example.org")
    if lyon is None or nis is None or any(email not in users for email in needed):
        return []
    with story_dates(date(2025, 12, 1)):
        services.document_generate(
            actor=users[OFFICER_LYON], project=project, kind="convention", languages=["fr", "sr"]
        )
    with story_dates(date(2025, 12, 2)):
        services.document_generate(
            actor=users[OFFICER_LYON], project=project, kind="council_decision", authority_id=lyon.pk
        )
        services.document_generate(
            actor=users[OFFICER_NIS], project=project, kind="council_decision", authority_id=nis.pk
        )
    with story_dates(date(2025, 12, 4)):
        services.convention_approve(actor=users["elected.lyon@example.org"], project=project, version=1)
        services.convention_approve(actor=users["elected.nis@example.org"], project=project, version=1)
    return ["demo documents Lyon–Niš: convention fr/sr approved by both, two draft council decisions"]
