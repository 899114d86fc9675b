"""The joint programme: its versions, approvals and comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import formset_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mostovi.core.http import forbidden as _forbidden

from .. import permissions, selectors, services
from ..exceptions import GateNotMet, InvalidInput, NotAllowed, StaleVersion
from ..forms import (
    ActionForm,
    ApprovalForm,
    BaseActionFormSet,
    ProgrammeForm,
)
from .page import (
    EMPTY_ACTION_ROWS,
    _authorities,
    _council_decisions,
    _detail_url,
    _posted_number,
    _render_page,
    _title,
    _visible_project,
)

# --- programme ------------------------------------------------------------------------------------


def _actions_initial(content: dict | None) -> list[dict]:
    return [
        {
            k: a.get(k)
            for k in ("title", "partner_id", "description", "starts_on", "ends_on", "expected_results")
        }
        for a in (content or {}).get("actions", [])
    ]


def _programme_formset(project, data=None, initial=None, extra_rows: int = 0):
    formset_class = formset_factory(ActionForm, formset=BaseActionFormSet, extra=extra_rows, max_num=200)
    return formset_class(
        data, initial=initial, prefix="actions", form_kwargs={"partners": _authorities(project)}
    )


@login_required
def programme_edit(request, pk: int):
    project = _visible_project(request, pk)
    if not permissions.can_edit_project(request.user, project):
        return _forbidden(request, NotAllowed(_("Only members of a partner authority can edit.")))
    current = selectors.programme_current(project=project)
    number = current.number if current else 0
    status, conflict = 200, None
    if request.method == "POST":
        form = ProgrammeForm(request.POST)
        add_row = "add_row" in request.POST
        formset = _programme_formset(project, data=_with_extra_row(request.POST) if add_row else request.POST)
        if add_row:
            pass  # show the same content with one more empty row, nothing saved
        elif form.is_valid() and formset.is_valid():
            try:
                version = services.programme_update(
                    actor=request.user,
                    project=project,
                    version=form.cleaned_data["version"],
                    objectives=form.cleaned_data["objectives"],
                    actions=formset.actions(),
                )
            except NotAllowed as error:
                return _forbidden(request, error)
            except InvalidInput as error:
                form.add_error(None, str(error))
                status = 422
            except StaleVersion as error:
                status = 409
                project = _visible_project(request, pk)
                current = selectors.programme_current(project=project)
                conflict = _programme_conflict(project, error, current)
                data = request.POST.copy()
                data["version"] = current.number if current else 0
                form = ProgrammeForm(data)
                form.is_valid()
            else:
                messages.success(
                    request, _("Version %(number)s of the programme was saved.") % {"number": version.number}
                )
                return redirect(_detail_url(project, "programme"))
        else:
            status = 422
    else:
        initial = _actions_initial(current.content if current else None)
        form = ProgrammeForm(
            initial={
                "version": number,
                "objectives": (current.content or {}).get("objectives", "") if current else "",
            }
        )
        formset = _programme_formset(
            project, initial=initial, extra_rows=EMPTY_ACTION_ROWS if not initial else 1
        )
    context = {
        "project": project,
        "title": _title(project),
        "form": form,
        "formset": formset,
        "current": current,
        "conflict": conflict,
    }
    return render(request, "projects/programme_edit.html", context, status=status)


def _with_extra_row(data):
    data = data.copy()
    total = int(data.get("actions-TOTAL_FORMS") or 0)
    data["actions-TOTAL_FORMS"] = str(min(total + 1, 200))
    return data


def _named_actions(project, actions: list[dict]) -> list[dict]:
    names = {a.pk: a for a in _authorities(project)}
    return [{**a, "partner": names.get(a.get("partner_id"))} for a in actions or []]


def _programme_conflict(project, error: StaleVersion, current) -> dict:
    submitted = error.submitted or {}
    theirs = error.current or {}
    return {
        "message": str(error),
        "current_number": current.number if current else 0,
        "current_by": current.created_by if current else None,
        "current_at": current.created_at if current else None,
        "current_objectives": theirs.get("objectives", ""),
        "current_actions": _named_actions(project, theirs.get("actions", [])),
        "submitted_objectives": submitted.get("objectives", ""),
        "submitted_actions": _named_actions(project, submitted.get("actions", [])),
        "diff": selectors.programme_diff(theirs, submitted),
    }


@require_POST
@login_required
def programme_approve(request, pk: int):
    project = _visible_project(request, pk)
    form = ApprovalForm(request.POST, decisions=_council_decisions(project))
    if not form.is_valid():
        if "authority" in form.errors:
            raise Http404
        messages.error(request, _("Choose the council decision among the project's documents."))
        return _render_page(request, project, status=422)
    try:
        services.programme_approve(
            actor=request.user,
            project=project,
            version=_posted_number(request, "version"),
            authority_id=form.cleaned_data["authority"],
            council_decision_id=form.cleaned_data["council_decision"],
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except StaleVersion as error:
        messages.error(request, str(error))
        return _render_page(request, _visible_project(request, pk), status=409)
    except GateNotMet as error:
        return _render_page(request, project, status=409, gate_reasons=error.reasons)
    except InvalidInput as error:
        messages.error(request, str(error))
        return _render_page(request, project, status=422)
    messages.success(request, _("The programme was approved."))
    return redirect(_detail_url(project, "programme"))


@require_GET
def programme_compare(request, pk: int):
    project = _visible_project(request, pk)
    versions = sorted(project.programme_versions.all(), key=lambda v: v.number)
    numbers = [v.number for v in versions]
    if not versions:
        raise Http404

    def pick(name, default):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and int(value) in numbers else default

    b = pick("b", numbers[-1])
    a = pick("a", numbers[-2] if len(numbers) > 1 else numbers[-1])
    old = selectors.programme_get(project=project, number=a)
    new = selectors.programme_get(project=project, number=b)
    diff = selectors.programme_diff(old.content, new.content)
    names = {x.pk: x for x in _authorities(project)}
    context = {
        "project": project,
        "title": _title(project),
        "numbers": numbers,
        "a": old,
        "b": new,
        "diff": diff,
        "names": names,
    }
    return render(request, "projects/compare.html", context)
