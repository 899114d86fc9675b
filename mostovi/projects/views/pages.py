"""Project list, creation, the project page itself, its edits, phase changes, deletion and restoration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mostovi.accounts.models import Membership
from mostovi.core.http import forbidden as _forbidden
from mostovi.directory.models import Organisation, OrganisationKind

from .. import permissions, selectors, services
from ..exceptions import GateNotMet, InvalidInput, NotAllowed, StaleVersion
from ..forms import (
    ProjectCreateForm,
    ProjectEditForm,
    ProjectFilterForm,
    TransitionForm,
    TranslationForm,
    text_revisions,
)
from ..models import Phase
from .page import (
    LIST_PAGE_SIZE,
    _detail_url,
    _field_conflict,
    _invalid,
    _is_htmx,
    _render_page,
    _search_results,
    _title,
    _visible_project,
)

# --- list, create, search ------------------------------------------------------------------------


@require_GET
def project_list(request):
    visible = selectors.project_list(user=request.user)
    form = ProjectFilterForm(request.GET or None, authorities=selectors.project_authorities_in(visible))
    phase = authority = None
    if form.is_valid():
        phase, authority = form.cleaned_data["phase"] or None, form.cleaned_data["authority"]
    projects = selectors.project_list(user=request.user, phase=phase, authority=authority)
    page = Paginator(projects, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = request.user.is_authenticated and bool(_own_authorities(request.user))
    context = {"form": form, "page": page, "can_create": can_create, "language": translation.get_language()}
    template = "projects/_list_results.html" if _is_htmx(request) else "projects/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _own_authorities(user) -> list[Organisation]:
    """The local authorities the user acts for with an editing role (offered as partners)."""
    ids = (
        Membership.objects.active()
        .filter(user=user, role__in=permissions.EDITING_ROLES)
        .values("organisation_id")
    )
    return list(
        Organisation.objects.alive()
        .filter(pk__in=ids, kind=OrganisationKind.LOCAL_AUTHORITY)
        .order_by("name")
    )


@login_required
def project_create(request):
    own = _own_authorities(request.user)
    if not own:
        return _forbidden(request, NotAllowed(_("Only members of a local authority can create a project.")))
    chosen_ids = []
    if request.method == "POST":
        for value in request.POST.getlist("partners"):
            if value.isdigit():
                chosen_ids.append(int(value))
    chosen = list(
        Organisation.objects.alive().filter(pk__in=chosen_ids, kind=OrganisationKind.LOCAL_AUTHORITY)
    )
    choices = list({a.pk: a for a in [*own, *chosen]}.values())
    query = (request.POST.get("q") or "").strip()
    results = _search_results(query, exclude={a.pk for a in choices}) if query else []
    status = 200
    if request.method == "POST" and "search" not in request.POST:
        form = ProjectCreateForm(request.POST, partner_choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                project = services.project_create(
                    actor=request.user,
                    title=data["title"],
                    summary=data["summary"],
                    language=data["language"],
                    partner_ids=data["partners"],
                    visibility=data["visibility"],
                )
            except NotAllowed as error:
                return _forbidden(request, error)
            except InvalidInput as error:
                form.add_error(None, str(error))
                status = 422
            else:
                messages.success(request, _("The project was created."))
                return redirect(_detail_url(project))
        else:
            status = 422
    elif request.method == "POST":
        form = ProjectCreateForm(request.POST, partner_choices=choices)
        form.errors.clear()  # a search is not a submission: no errors yet
    else:
        form = ProjectCreateForm(
            partner_choices=choices,
            initial={"language": translation.get_language(), "partners": [a.pk for a in own]},
        )
    selected = set(chosen_ids) if request.method == "POST" else {a.pk for a in own}
    context = {
        "form": form,
        "choices": choices,
        "selected": selected,
        "query": query,
        "results": results,
    }
    return render(request, "projects/create.html", context, status=status)


@require_GET
@login_required
def authority_search(request):
    """Partial for the create form: local authorities matching `q`, as checkboxes to add."""
    query = (request.GET.get("q") or "").strip()
    exclude = [int(v) for v in request.GET.getlist("partners") if v.isdigit()]
    results = _search_results(query, exclude=exclude) if query else []
    return render(
        request, "projects/_authority_results.html", {"results": results, "query": query, "selected": set()}
    )


# --- the project page ---------------------------------------------------------------------------


@require_GET
def project_detail(request, pk: int):
    project = _visible_project(request, pk)
    return _render_page(request, project)


@login_required
def project_edit(request, pk: int):
    project = _visible_project(request, pk)
    if not permissions.can_edit_project(request.user, project):
        return _forbidden(request, NotAllowed(_("Only members of a partner authority can edit.")))
    status, conflict = 200, None
    if request.method == "POST":
        form = ProjectEditForm(request.POST)
        if form.is_valid():
            try:
                services.project_update(
                    actor=request.user,
                    project=project,
                    revision=form.cleaned_data["revision"],
                    **form.changes(),
                )
            except NotAllowed as error:
                return _forbidden(request, error)
            except StaleVersion as error:
                project = _visible_project(request, pk)
                conflict = _field_conflict(error)
                data = request.POST.copy()
                data["revision"] = project.revision
                form = ProjectEditForm(data)
                form.is_valid()
                status = 409
            except InvalidInput as error:
                form.add_error(None, str(error))
                status = 422
            else:
                messages.success(request, _("The project's details were saved."))
                return redirect(_detail_url(project, "details"))
        else:
            status = 422
    else:
        form = ProjectEditForm(initial=ProjectEditForm.initial_for(project))
    context = {"project": project, "title": _title(project), "form": form, "conflict": conflict}
    return render(request, "projects/edit.html", context, status=status)


@require_POST
@login_required
def project_translate(request, pk: int):
    project = _visible_project(request, pk)
    form = TranslationForm(request.POST)
    if not form.is_valid():
        return _render_page(request, project, status=422, translation_form=form)
    try:
        services.project_text_set(actor=request.user, project=project, **form.values())
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        return _invalid(request, project, error, "translation_form", form)
    except StaleVersion as error:
        # The writer's text stays in the form; the revisions become those of now, so saving again replaces
        # the other text knowingly.
        project = _visible_project(request, pk)
        data = request.POST.copy()
        data["revisions"] = text_revisions(project.texts.all())
        fresh = TranslationForm(data)
        fresh.is_valid()
        fresh.add_error(None, str(error))
        conflict = {"current": error.current, "submitted": error.submitted}
        return _render_page(
            request, project, status=409, translation_form=fresh, translation_conflict=conflict
        )
    messages.success(request, _("The translation was saved."))
    return redirect(_detail_url(project, "overview"))


@require_POST
@login_required
def project_transition(request, pk: int):
    project = _visible_project(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", status=400)
    target = form.cleaned_data["to"]
    try:
        services.project_transition(
            actor=request.user, project=project, to=target, reason=form.cleaned_data["reason"]
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except GateNotMet as error:
        return _render_page(
            request, project, status=409, gate_reasons=error.reasons, gate_target=Phase(target)
        )
    except InvalidInput as error:
        form.add_error("reason", str(error))
        return _render_page(request, project, status=422, transition_form=form, transition_target=target)
    messages.success(
        request, _("The project moved to the phase: %(phase)s.") % {"phase": Phase(target).label}
    )
    return redirect(_detail_url(project, "phase"))


@require_POST
@login_required
def project_delete(request, pk: int):
    project = _visible_project(request, pk)
    try:
        services.project_delete(actor=request.user, project=project)
    except NotAllowed as error:
        return _forbidden(request, error)
    messages.success(
        request,
        _("The project “%(title)s” was deleted. You can restore it from this list.")
        % {"title": _title(project)},
    )
    return redirect("projects:deleted")


@login_required
def project_deleted_list(request):
    projects = [
        p
        for p in selectors.project_list_deleted(user=request.user)
        if permissions.can_restore_project(request.user, p)
    ]
    return render(request, "projects/deleted.html", {"projects": projects})


@require_POST
@login_required
def project_restore(request, pk: int):
    project = selectors.project_get_deleted(pk=pk)
    if project is None or not permissions.can_view_project(request.user, project):
        raise Http404
    try:
        services.project_restore(actor=request.user, project=project)
    except NotAllowed as error:
        return _forbidden(request, error)
    messages.success(request, _("The project was restored."))
    return redirect(_detail_url(project))
