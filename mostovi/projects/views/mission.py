"""The expertise mission: its report and the partners' acceptances."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostovi.core.http import forbidden as _forbidden

from .. import selectors, services
from ..exceptions import InvalidInput, NotAllowed, StaleVersion
from ..forms import (
    AuthorityChoiceForm,
    MissionForm,
)
from .page import _detail_url, _field_conflict, _invalid, _posted_number, _render_page, _visible_project

# --- expertise mission ----------------------------------------------------------------------------


@require_POST
@login_required
def mission_save(request, pk: int):
    project = _visible_project(request, pk)
    form = MissionForm(request.POST)
    if not form.is_valid():
        return _render_page(request, project, status=422, mission_form=form)
    mission = selectors.mission_current(project=project)
    try:
        if mission is None:
            services.mission_record(actor=request.user, project=project, **form.values())
        else:
            services.mission_update(
                actor=request.user,
                mission=mission,
                revision=form.cleaned_data["revision"] or 0,
                **form.values(),
            )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        return _invalid(request, project, error, "mission_form", form)
    except StaleVersion as error:
        project = _visible_project(request, pk)
        data = request.POST.copy()
        data["revision"] = selectors.mission_current(project=project).revision
        fresh = MissionForm(data)
        fresh.is_valid()
        fresh.add_error(None, str(error))
        return _render_page(
            request, project, status=409, mission_form=fresh, mission_conflict=_field_conflict(error)
        )
    messages.success(request, _("The expertise mission was saved."))
    return redirect(_detail_url(project, "mission"))


@require_POST
@login_required
def mission_accept(request, pk: int):
    project = _visible_project(request, pk)
    mission = selectors.mission_current(project=project)
    form = AuthorityChoiceForm(request.POST)
    if mission is None or not form.is_valid():
        raise Http404
    try:
        services.mission_accept(
            actor=request.user,
            project=project,
            mission=mission,
            revision=_posted_number(request, "revision"),
            authority_id=form.cleaned_data["authority"],
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except StaleVersion as error:
        messages.error(request, str(error))
        return _render_page(request, _visible_project(request, pk), status=409)
    except InvalidInput as error:
        messages.error(request, str(error))
        return _render_page(request, project, status=422)
    messages.success(request, _("The expertise mission report was accepted."))
    return redirect(_detail_url(project, "mission"))
