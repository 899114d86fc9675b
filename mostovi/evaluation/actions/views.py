"""Follow-up action pages: the project's board, an authority's board, the forms.

Not visible → 404; not allowed → 403 with the reason; a step the status does not allow → 409; input refused
→ 422. A refusal re-renders the page with the translated message and writes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mostovi.directory.models import Organisation

from ..exceptions import InvalidInput, NotAllowed, WrongStatus
from ..models import ActionStatus
from ..pages import error_status, form_error, posted_int, project_title, visible_project
from ..reviews import selectors as review_selectors
from . import lifecycle, permissions, selectors, services
from .forms import ActionEditForm, ActionForm, ActionStatusForm


@require_GET
def actions_project(request, pk: int):
    return _board(request, visible_project(request, pk))


def _board(request, project, *, error: str = "", status: int = 200):
    user = request.user
    partner_ids = [p.authority_id for p in project.partners.all()]
    authority_id = posted_int(request.GET.get("authority"))
    if authority_id not in partner_ids:
        authority_id = None
    board = selectors.project_board(project=project, authority_id=authority_id)
    can_write = permissions.can_write_action(user, project)
    members = selectors.partner_members(project=project) if can_write else []
    for action in board.open + board.settled:
        action.can_move = permissions.can_change_action_status(user, project, action)
        action.next_statuses = [ActionStatus(s) for s in lifecycle.allowed(action.status)]
    context = {
        "project": project,
        "title": project_title(project),
        "board": board,
        "partners": [p.authority for p in project.partners.all()],
        "authority_id": authority_id,
        "can_write": can_write,
        "members": members,
        "error": error,
    }
    return render(request, "evaluation/actions_project.html", context, status=status)


def _form_page(request, project, form, *, action=None, error: str = "", status: int = 200):
    context = {
        "project": project,
        "title": project_title(project),
        "form": form,
        "action": action,
        "error": error,
    }
    return render(request, "evaluation/action_form.html", context, status=status)


def _back(project, action=None, *, request=None, done: str = ""):
    if request is not None and done:
        messages.success(request, done)
    url = reverse("evaluation:actions_project", kwargs={"pk": project.pk})
    return redirect(f"{url}#action-{action.pk}" if action else url)


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request, pk: int):
    project = visible_project(request, pk)
    if not permissions.can_write_action(request.user, project):
        refused = NotAllowed(_("Only members of a partner authority may add follow-up actions."))
        return render(request, "403.html", {"reason": str(refused)}, status=403)
    members = selectors.partner_members(project=project)
    reviews = review_selectors.reviews_to_choose(project=project)
    if request.method != "POST":
        initial = {"review": posted_int(request.GET.get("review"))}
        return _form_page(request, project, ActionForm(initial=initial, members=members, reviews=reviews))
    form = ActionForm(request.POST, members=members, reviews=reviews)
    if not form.is_valid():
        return _form_page(request, project, form, error=form_error(form), status=422)
    data = form.cleaned_data
    try:
        action = services.action_create(
            actor=request.user,
            project=project,
            title=data["title"],
            description=data["description"],
            owner_id=data["owner"],
            due_on=data["due_on"],
            language=request.LANGUAGE_CODE,
            review_id=data["review"],
        )
    except (NotAllowed, InvalidInput, WrongStatus) as exc:
        return _form_page(request, project, form, error=str(exc), status=error_status(exc))
    return _back(project, action, request=request, done=_("The follow-up action was added."))


def _action(project, action_id: int):
    action = selectors.action_get(project=project, pk=action_id)
    if action is None:
        raise Http404
    return action


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int, action_id: int):
    project = visible_project(request, pk)
    action = _action(project, action_id)
    if not permissions.can_write_action(request.user, project):
        refused = NotAllowed(_("Only members of a partner authority may change follow-up actions."))
        return render(request, "403.html", {"reason": str(refused)}, status=403)
    members = selectors.partner_members(project=project)
    if request.method != "POST":
        initial = {
            "title": action.title,
            "description": action.description,
            "owner": action.owner_id,
            "due_on": action.due_on,
        }
        return _form_page(request, project, ActionEditForm(initial=initial, members=members), action=action)
    form = ActionEditForm(request.POST, members=members)
    if not form.is_valid():
        return _form_page(request, project, form, action=action, error=form_error(form), status=422)
    data = form.cleaned_data
    try:
        services.action_update(
            actor=request.user,
            action=action,
            title=data["title"],
            description=data["description"],
            owner_id=data["owner"],
            due_on=data["due_on"],
        )
    except (NotAllowed, InvalidInput, WrongStatus) as exc:
        status = error_status(exc)
        return _form_page(request, project, form, action=action, error=str(exc), status=status)
    return _back(project, action, request=request, done=_("The follow-up action was saved."))


@login_required
@require_POST
def action_status(request, pk: int, action_id: int):
    project = visible_project(request, pk)
    action = _action(project, action_id)
    form = ActionStatusForm(request.POST, members=selectors.partner_members(project=project))
    if not form.is_valid():
        return _board(request, project, error=form_error(form), status=422)
    data = form.cleaned_data
    try:
        action = services.action_transition(
            actor=request.user,
            action=action,
            to=data["to"],
            evidence=data["evidence"],
            reason=data["reason"],
            handed_to_id=data["handed_to"],
        )
    except (NotAllowed, InvalidInput, WrongStatus) as exc:
        return _board(request, project, error=str(exc), status=error_status(exc))
    return _back(
        project,
        action,
        request=request,
        done=_("The follow-up action is now “%(status)s”.") % {"status": action.get_status_display()},
    )


@login_required
@require_POST
def action_delete(request, pk: int, action_id: int):
    project = visible_project(request, pk)
    action = _action(project, action_id)
    try:
        services.action_delete(actor=request.user, action=action)
    except (NotAllowed, WrongStatus) as exc:
        return _board(request, project, error=str(exc), status=error_status(exc))
    return _back(project, request=request, done=_("The follow-up action was deleted."))


@require_GET
def actions_authority(request, pk: int):
    """The open and overdue actions an authority owns across its live projects (those the reader may see)."""
    authority = get_object_or_404(Organisation, pk=pk)
    overdue_only = request.GET.get("overdue") in ("1", "true")
    board = selectors.authority_board(user=request.user, authority=authority, overdue_only=overdue_only)
    context = {"authority": authority, "overdue_only": overdue_only, **board}
    return render(request, "evaluation/actions_authority.html", context)
