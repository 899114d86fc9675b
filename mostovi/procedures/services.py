"""Every write of the procedure board: a partner records where it stands on one of its country's steps."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core import approvals
from mostovi.core.services import event_record
from mostovi.projects import permissions as project_permissions
from mostovi.projects import services as project_services
from mostovi.projects.models import DocumentCategory, Project
from mostovi.projects.selectors import project_get_for_page

from . import catalogue, permissions, writing
from .exceptions import Conflict, InvalidInput, NotAllowed, NotFound, StaleVersion
from .models import ConventionApproval, GeneratedDocument, GeneratedKind, ProcedureStep, StepStatus


def _acting_authority(actor, project, authority_id: int | None) -> int:
    own = permissions.own_partner_authorities(actor, project)
    if authority_id is None:
        if len(own) == 1:
            return own[0]
        if not own:
            raise NotAllowed(_("Only members of a partner authority can record its procedure steps."))
        raise InvalidInput(
            _("You act for several partners: say which authority this step is for."), field="authority_id"
        )
    if authority_id not in own:
        raise NotAllowed(_("Each partner records its own procedure steps only."))
    return authority_id


@transaction.atomic
def procedure_step_update(
    *,
    actor,
    project,
    step_id: str,
    status: str,
    done_on: datetime.date | None = None,
    document_id: int | None = None,
    reason: str = "",
    authority_id: int | None = None,
) -> ProcedureStep:
    """Set the status of one step of the actor's own authority (todo, done with its date and optionally the
    project document it produced, or not applicable with a reason)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    authority_id = _acting_authority(actor, project, authority_id)
    authority = next(
        p.authority for p in project.partners.select_related("authority") if p.authority_id == authority_id
    )
    step = catalogue.step_get(step_id)
    if step is None or step.country != authority.country:
        raise NotFound(_("This step is not one of your authority's country."))
    if status not in StepStatus.values:
        raise InvalidInput(_("The status must be todo, done or not_applicable."), field="status")
    reason = (reason or "").strip()
    if status == StepStatus.DONE:
        if done_on is None:
            raise InvalidInput(_("Give the date the step was done."), field="done_on")
        if done_on > timezone.localdate():
            raise InvalidInput(_("A step cannot be done on a date still to come."), field="done_on")
    else:
        done_on, document_id = None, None
    if status == StepStatus.NOT_APPLICABLE:
        if step.blocks_gate:
            raise InvalidInput(
                _("This step is required by law: it cannot be marked not applicable."), field="status"
            )
        if not reason:
            raise InvalidInput(_("Say why the step does not apply."), field="reason")
    else:
        reason = ""
    if (
        document_id is not None
        and not project.documents.filter(pk=document_id, deleted_at__isnull=True).exists()
    ):
        raise InvalidInput(_("The document must be one of this project's documents."), field="document_id")
    row, _created = ProcedureStep.objects.update_or_create(
        project=project,
        authority_id=authority_id,
        step_id=step.id,
        defaults={
            "status": status,
            "done_on": done_on,
            "document_id": document_id,
            "reason": reason[:2000],
            "updated_by": actor,
        },
    )
    event_record(
        actor=actor,
        kind="procedure.step_updated",
        target=row,
        scope=project,
        data={
            "step": step.id,
            "title": step.title("en"),
            "status": status,
            "name": str(authority),
            "done_on": done_on.isoformat() if done_on else "",
        },
    )
    return row


LANGUAGES = ("fr", "sr", "sr-latn", "bg", "en")


def _languages(kind: str, languages: list[str] | None, project, authority) -> list[str]:
    """The languages asked, or the partners' own (the convention) or the side's (a council decision)."""
    if not languages:
        if authority is not None:
            languages = [writing.DECISION_LANGUAGE.get(authority.country, "en")]
        elif kind == "convention":
            languages = [
                writing.COUNTRY_LANGUAGE.get(p.authority.country, "en") for p in project.partners.all()
            ]
        else:
            languages = ["en"]
    cleaned = list(dict.fromkeys(str(code).lower()[:10] for code in languages))
    unknown = [code for code in cleaned if code not in LANGUAGES]
    if unknown:
        raise InvalidInput(
            _("Unknown language: %(codes)s (fr, sr, sr-latn, bg or en).") % {"codes": ", ".join(unknown)},
            field="languages",
        )
    if len(cleaned) > 3 or (kind == "council_decision" and len(cleaned) != 1):
        raise InvalidInput(
            _("A council decision is written in one language, the other documents in three at most."),
            field="languages",
        )
    script_free = cleaned[0].split("-")[0]  # Serbian in either script
    if authority is not None and script_free not in ("en", writing.DECISION_LANGUAGE.get(authority.country)):
        # A decision's template follows one country's law: the side's own, or the generic English draft.
        raise InvalidInput(
            _("The draft decision of this partner is written in its country's language or in English."),
            field="languages",
        )
    missing = [code for code in cleaned if not writing.has_template(kind, code)]
    if missing:
        raise InvalidInput(
            _("This document has no template in %(codes)s yet.") % {"codes": ", ".join(missing)},
            field="languages",
        )
    return cleaned


def _signed_convention(project) -> list[dict]:
    """Who signed the project's convention and when (the amendment names it), or an empty list."""
    names = {p.authority_id: p.authority for p in project.partners.all()}
    for document in project.documents.all():
        if document.deleted_at is None and document.category == DocumentCategory.CONVENTION:
            signatures = {int(k): v for k, v in (document.signatures or {}).items() if v}
            if set(names) <= set(signatures):
                return [{"authority": names[a], "on": signatures[a]} for a in names]
    return []


@transaction.atomic
def document_generate(
    *,
    actor,
    project,
    kind: str,
    languages: list[str] | None = None,
    format: str = "docx",
    authority_id: int | None = None,
):
    """Write a document from the project's data and keep it as a project document: the first generation of
    a kind (per side, for a council decision) creates the document, the next ones add versions to it.
    Returns the document and its new version."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project_permissions.can_edit_project(actor, project):
        raise NotAllowed(_("Only members of a partner authority can write the project's documents."))
    if kind not in GeneratedKind.values:
        raise InvalidInput(_("Unknown kind of document: %(kind)s.") % {"kind": str(kind)[:30]}, field="kind")
    if format not in writing.FORMATS:
        raise InvalidInput(_("The format must be docx or pdf."), field="format")
    authority = None
    if kind == GeneratedKind.COUNCIL_DECISION:
        if authority_id is None:
            raise InvalidInput(
                _("Say which partner the council decision is drafted for."), field="authority_id"
            )
        if not permissions.can_update_step(actor, project, authority_id):
            raise NotAllowed(_("Each partner drafts its own council decision."))
        authority = next(p.authority for p in project.partners.all() if p.authority_id == authority_id)
    codes = _languages(kind, languages, project, authority)
    project = project_get_for_page(pk=project.pk)
    signed = _signed_convention(project)
    if kind == GeneratedKind.AMENDMENT and not signed:
        raise Conflict(_("An amendment follows a convention signed by every partner: upload it first."))
    contexts = {}
    for code in codes:
        context = writing.facts(project, code, authority=authority)
        context["signed"] = [
            {"name": writing.display_name(s["authority"], code), "on": s["on"]} for s in signed
        ]
        contexts[code] = context
    rows = writing.columns(kind, codes, contexts)
    title = f"{GeneratedKind(kind).label} — {contexts[codes[0]]['title']}"
    if authority is not None:
        title += f" — {writing.display_name(authority, codes[0])}"
    render = writing.render_docx if format == "docx" else writing.render_pdf
    content = render(rows, codes, title)
    upload = SimpleUploadedFile(f"{kind}-{'-'.join(codes)}.{format}", content)
    existing = GeneratedDocument.objects.filter(project=project, kind=kind, authority=authority).first()
    if existing is not None and existing.document.deleted_at is None:
        version = project_services.document_add_version(
            actor=actor, document=existing.document, uploaded=upload
        )
        return existing.document, version
    category = {
        "convention": DocumentCategory.CONVENTION,
        "council_decision": DocumentCategory.COUNCIL_DECISION,
        "mission_report": DocumentCategory.MISSION_REPORT,
    }.get(kind, DocumentCategory.OTHER)
    document = project_services.document_upload(
        actor=actor, project=project, category=category, title=title[:255], language=codes[0], uploaded=upload
    )
    GeneratedDocument.objects.update_or_create(
        project=project, kind=kind, authority=authority, defaults={"document": document}
    )
    return document, document.versions.order_by("-number").first()


APPROVAL_ERRORS = approvals.ApprovalErrors(stale=StaleVersion, invalid=InvalidInput)


def _convention(project) -> GeneratedDocument:
    generated = (
        GeneratedDocument.objects.filter(
            project=project, kind=GeneratedKind.CONVENTION, document__deleted_at__isnull=True
        )
        .select_related("document")
        .first()
    )
    if generated is None:
        raise Conflict(_("Write the convention from the project first."))
    return generated


def _current_version(generated) -> int:
    return generated.document.versions.order_by("-number").values_list("number", flat=True).first() or 0


def _approving_authority(actor, project, authority_id: int | None):
    acting = project_permissions.acting_authorities(actor, project, for_approval=True)
    if authority_id is None and len(acting) == 1:
        authority_id = acting[0]
    if authority_id is None or authority_id not in acting:
        raise NotAllowed(
            _(
                "Only an elected official, or an officer with delegation, of a partner approves the "
                "convention."
            )
        )
    return next(
        p.authority for p in project.partners.select_related("authority") if p.authority_id == authority_id
    )


@transaction.atomic
def convention_approve(*, actor, project, version, authority_id: int | None = None) -> ConventionApproval:
    """A partner approves the version of the generated convention it read (a stale version is a conflict)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    authority = _approving_authority(actor, project, authority_id)
    generated = _convention(project)
    current = _current_version(generated)
    approval, created = approvals.approval_give(
        current=current,
        read=version,
        authority=authority,
        approvals=generated.approvals.filter(version=current),
        create=lambda: ConventionApproval.objects.create(
            generated=generated, version=current, authority=authority, approved_by=actor
        ),
        errors=APPROVAL_ERRORS,
        current_content={"version": current},
        stale_message=_(
            "The convention was written again (version %(number)s) after the version you read: read it "
            "before approving."
        )
        % {"number": current},
    )
    if created:
        event_record(
            actor=actor,
            kind="convention.approved",
            target=approval,
            scope=project,
            data={"version": current, "name": str(authority)},
        )
    return approval


def convention_missing_approvals(*, project) -> list:
    """The partners that have not approved the current version of the generated convention."""
    generated = _convention(project)
    current = _current_version(generated)
    partners = [p.authority for p in project.partners.select_related("authority")]
    return approvals.partners_missing(partners, generated.approvals.filter(version=current))


@transaction.atomic
def convention_sign(*, actor, project, uploaded, signatures: dict):
    """The signed scan closes the loop: once every partner approved the current text, the scan is kept as
    the project's convention with each partner's signature date (the gate into implementation reads it)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project_permissions.can_edit_project(actor, project):
        raise NotAllowed(_("Only members of a partner authority can write the project's documents."))
    generated = _convention(project)
    missing = convention_missing_approvals(project=project)
    if missing:
        raise Conflict(
            _("The convention's text is not yet approved by: %(partners)s.")
            % {"partners": ", ".join(str(a) for a in missing)}
        )
    partner_ids = {str(p.authority_id) for p in project.partners.all()}
    given = {str(k) for k, v in (signatures or {}).items() if v}
    if given != partner_ids:
        raise InvalidInput(_("Give the signature date of every partner."), field="signatures")
    document = project_services.document_upload(
        actor=actor,
        project=project,
        category=DocumentCategory.CONVENTION,
        title=f"{generated.document.title} — " + _("signed"),
        language=generated.document.language,
        uploaded=uploaded,
        signatures=signatures,
    )
    generated.signed = document
    generated.save(update_fields=["signed"])
    return document
