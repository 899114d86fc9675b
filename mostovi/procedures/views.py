"""The procedure board of a project (under /<lang>/procedures/): one column per partner, its country's
steps; each partner updates its own. Not visible → 404; not allowed → 403; refused input → the board again
with the message, nothing written."""

import datetime

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mostovi.core.http import page_errors
from mostovi.projects import permissions as project_permissions
from mostovi.projects.selectors import project_get_for_page, project_text

from . import catalogue, glossary, permissions, selectors, services
from .exceptions import Conflict, InvalidInput
from .forms import GenerateForm, StepForm


def _visible_project(request, pk: int):
    project = project_get_for_page(pk=pk)
    if project is None or not permissions.can_view_procedure(request.user, project):
        raise Http404
    return project


def _page(request, project, *, error: str = "", status: int = 200, generate_form=None):
    own = set(permissions.own_partner_authorities(request.user, project))
    documents = [d for d in project.documents.all() if d.deleted_at is None]
    columns = selectors.board(project=project)
    for column in columns:
        column.own = column.authority.pk in own
        for entry in column.steps:
            entry.decider_label, entry.decider_help = glossary.decider(entry.step.decided_by)
            term = catalogue.term_for(column.authority.country, entry.step.decided_by)
            if term is not None:
                entry.decider_label, entry.decider_help = term.term, term.definition()
            entry.document = next((d for d in documents if d.pk == entry.document_id), None)
            entry.form = (
                StepForm(
                    initial={
                        "status": entry.status,
                        "done_on": entry.done_on,
                        "document_id": entry.document_id,
                        "reason": entry.reason,
                        "authority_id": column.authority.pk,
                    },
                    documents=documents,
                    prefix=f"{column.authority.pk}-{entry.step.id}",
                )
                if column.own
                else None
            )
    text = project_text(project, "title")
    can_write = project_permissions.can_edit_project(request.user, project)
    own_authorities = [c.authority for c in columns if c.own]
    context = {
        "generate_form": (generate_form or GenerateForm(authorities=own_authorities)) if can_write else None,
        "generated": selectors.generated_documents(project=project),
        "convention": selectors.convention_state(project=project),
        "terms": [t for t in catalogue.glossary() if t.country in {c.authority.country for c in columns}],
        "approve_for": [
            p.authority
            for p in project.partners.all()
            if p.authority_id
            in project_permissions.acting_authorities(request.user, project, for_approval=True)
        ],
        "can_write": can_write,
        "project": project,
        "title": text.text if text else f"#{project.pk}",
        "columns": columns,
        "error": error,
    }
    return render(request, "procedures/board.html", context, status=status)


@require_GET
def board(request, pk: int):
    return _page(request, _visible_project(request, pk))


@require_POST
@page_errors
def step_update(request, pk: int, step_id: str):
    project = _visible_project(request, pk)
    prefix = f"{request.POST.get('authority', '')}-{step_id}"
    form = StepForm(request.POST, prefix=prefix, documents=project.documents.all())
    if not form.is_valid():
        errors = " ".join(str(e) for field in form.errors.values() for e in field)
        return _page(request, project, error=errors, status=422)
    try:
        services.procedure_step_update(
            actor=request.user,
            project=project,
            step_id=step_id,
            status=form.cleaned_data["status"],
            done_on=form.cleaned_data["done_on"],
            document_id=form.cleaned_data["document_id"],
            reason=form.cleaned_data["reason"],
            authority_id=form.cleaned_data["authority_id"],
        )
    except InvalidInput as error:
        return _page(request, project, error=str(error), status=422)
    return redirect(
        reverse("procedures:board", args=[pk]) + f"#step-{form.cleaned_data['authority_id']}-{step_id}"
    )


@require_POST
@page_errors
def document_generate(request, pk: int):
    project = _visible_project(request, pk)
    own = [
        p.authority
        for p in project.partners.all()
        if p.authority_id in set(permissions.own_partner_authorities(request.user, project))
    ]
    form = GenerateForm(request.POST, authorities=own)
    if not form.is_valid():
        errors = " ".join(str(e) for field in form.errors.values() for e in field)
        return _page(request, project, error=errors, status=422, generate_form=form)
    try:
        services.document_generate(
            actor=request.user,
            project=project,
            kind=form.cleaned_data["kind"],
            languages=form.cleaned_data["languages"],
            format=form.cleaned_data["format"],
            authority_id=form.cleaned_data["authority_id"],
        )
    except (InvalidInput, Conflict) as error:
        status = 409 if isinstance(error, Conflict) else 422
        return _page(request, project, error=str(error), status=status, generate_form=form)
    return redirect(reverse("procedures:board", args=[pk]) + "#documents")


@require_POST
@page_errors
def convention_approve(request, pk: int):
    project = _visible_project(request, pk)
    try:
        version = int(request.POST.get("version", ""))
        authority_id = int(request.POST.get("authority", ""))
    except ValueError:
        return _page(request, project, error=_("Say which version you approve."), status=422)
    try:
        services.convention_approve(
            actor=request.user, project=project, version=version, authority_id=authority_id
        )
    except InvalidInput as error:
        return _page(request, project, error=str(error), status=422)
    return redirect(reverse("procedures:board", args=[pk]) + "#convention")


@require_POST
@page_errors
def convention_sign(request, pk: int):
    project = _visible_project(request, pk)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _page(request, project, error=_("Choose the file of the signed convention."), status=422)
    signatures = {}
    for partner in project.partners.all():
        raw = request.POST.get(f"signed_{partner.authority_id}", "")
        try:
            signatures[partner.authority_id] = datetime.date.fromisoformat(raw) if raw else None
        except ValueError:
            return _page(request, project, error=_("A signature date is not a valid date."), status=422)
    try:
        services.convention_sign(
            actor=request.user, project=project, uploaded=uploaded, signatures=signatures
        )
    except InvalidInput as error:
        return _page(request, project, error=str(error), status=422)
    return redirect(reverse("procedures:board", args=[pk]) + "#convention")
