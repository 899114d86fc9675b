"""Reads of the procedure board: each partner's steps with where it stands, and what the gates wait for."""

from dataclasses import dataclass

from mostovi.core import approvals
from mostovi.projects.models import DocumentVersion

from . import catalogue
from .models import GeneratedDocument, GeneratedKind, ProcedureStep, StepStatus


@dataclass
class BoardStep:
    step: catalogue.Step
    status: str = StepStatus.TODO
    done_on: object = None
    document_id: int | None = None
    reason: str = ""

    @property
    def settled(self) -> bool:
        return self.status in (StepStatus.DONE, StepStatus.NOT_APPLICABLE)


@dataclass
class Column:
    partner: object  # projects.ProjectPartner
    country: catalogue.Country | None
    steps: list[BoardStep]

    @property
    def authority(self):
        return self.partner.authority

    @property
    def progress(self) -> int:
        """Percentage of the steps done or not applicable."""
        if not self.steps:
            return 0
        return round(100 * sum(1 for s in self.steps if s.settled) / len(self.steps))


def _rows(project) -> dict[tuple[int, str], ProcedureStep]:
    return {(r.authority_id, r.step_id): r for r in ProcedureStep.objects.filter(project=project)}


def board(*, project) -> list[Column]:
    """One column per partner (lead first), its country's steps in order, in one query."""
    rows = _rows(project)
    countries = catalogue.load()
    columns = []
    partners = sorted(project.partners.all(), key=lambda p: (not p.is_lead, p.pk))
    for partner in partners:
        country = countries.get(partner.authority.country)
        steps = []
        for step in country.steps if country else ():
            row = rows.get((partner.authority_id, step.id))
            steps.append(
                BoardStep(step, row.status, row.done_on, row.document_id, row.reason)
                if row
                else BoardStep(step)
            )
        columns.append(Column(partner, country, steps))
    return columns


def steps_missing_for(*, project, phase: str) -> list[tuple[object, catalogue.Step]]:
    """(authority, step) of every sourced mandatory step of the partners' countries attached to `phase`
    that is not done yet, in the partners' order."""
    missing = []
    for column in board(project=project):
        for entry in column.steps:
            if entry.step.phase == phase and entry.step.blocks_gate and entry.status != StepStatus.DONE:
                missing.append((column.authority, entry.step))
    return missing


def step_row(*, project, authority_id: int, step_id: str) -> ProcedureStep | None:
    return ProcedureStep.objects.filter(project=project, authority_id=authority_id, step_id=step_id).first()


def document_version(*, project, document_id: int, number: int):
    """One version of one of the project's documents still in place (the file the API serves)."""
    return (
        DocumentVersion.objects.filter(
            document__project=project,
            document_id=document_id,
            document__deleted_at__isnull=True,
            number=number,
        )
        .select_related("document")
        .first()
    )


def generated_documents(*, project) -> list:
    """The project's generated documents still in place, with their versions (newest first)."""
    return list(
        GeneratedDocument.objects.filter(project=project, document__deleted_at__isnull=True)
        .select_related("document", "authority")
        .prefetch_related("document__versions")
        .order_by("kind", "authority_id")
    )


@dataclass
class ConventionState:
    document: object
    version: int
    approvals: list
    missing: list
    signed_id: int | None


def convention_state(*, project) -> ConventionState | None:
    """The generated convention's current version, its approvals and the partners still to approve."""
    generated = (
        GeneratedDocument.objects.filter(
            project=project, kind=GeneratedKind.CONVENTION, document__deleted_at__isnull=True
        )
        .select_related("document")
        .first()
    )
    if generated is None:
        return None
    version = generated.document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    given = list(generated.approvals.filter(version=version).select_related("approved_by"))
    partners = [p.authority for p in project.partners.all()]
    return ConventionState(
        generated.document, version, given, approvals.partners_missing(partners, given), generated.signed_id
    )
