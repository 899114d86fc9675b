"""Partners and participants of a project: adding them, their roles, invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mostovi.core.errors import Conflict
from mostovi.core.http import forbidden as _forbidden
from mostovi.directory.models import Organisation

from .. import permissions, selectors, services
from ..exceptions import InvalidInput, NotAllowed
from ..forms import (
    ParticipantForm,
    PartnerInvitationForm,
    PartnerRolesForm,
)
from .page import _detail_url, _members_of, _render_page, _search_results, _visible_project

# --- partners and participants ----------------------------------------------------------------------


@require_POST
@login_required
def partner_invite(request, pk: int, authority_pk: int):
    """Invite a person to act for a partner authority that has nobody confirmed on Mostovi."""
    project = _visible_project(request, pk)
    partner = next((p for p in project.partners.all() if p.authority_id == authority_pk), None)
    if partner is None:
        raise Http404
    form = PartnerInvitationForm(request.POST, authority=partner.authority)
    if not form.is_valid():
        return _render_page(request, project, status=422, invitation_form=form)
    try:
        services.project_invitation_create(
            actor=request.user,
            project=project,
            authority_id=authority_pk,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            language=form.cleaned_data["language"],
            base_url=request.build_absolute_uri("/"),
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except (InvalidInput, Conflict) as error:
        form.add_error("email", str(error))
        status = 409 if isinstance(error, Conflict) else 422
        return _render_page(request, project, status=status, invitation_form=form)
    messages.success(
        request,
        _(
            "Invitation sent to %(email)s to act for %(authority)s in this project. Until their membership "
            "is confirmed, what they accept or approve is recorded but does not count."
        )
        % {"email": form.cleaned_data["email"], "authority": partner.authority},
    )
    return redirect(_detail_url(project, "partners"))


@require_POST
@login_required
def partner_roles(request, pk: int, authority_pk: int):
    """Name the responsible person and the deputy of one partner authority."""
    project = _visible_project(request, pk)
    partner = next((p for p in project.partners.all() if p.authority_id == authority_pk), None)
    if partner is None:
        raise Http404
    if authority_pk not in permissions.acting_authorities(request.user, project):
        return _forbidden(
            request,
            NotAllowed(
                _("Only members of %(authority)s can name its responsible people.")
                % {"authority": partner.authority}
            ),
        )
    form = PartnerRolesForm(request.POST, partner=partner, memberships=_members_of(project, authority_pk))
    if not form.is_valid():
        return _render_page(request, project, status=422, roles_form=form)
    try:
        services.partner_set_roles(
            actor=request.user,
            project=project,
            authority_id=authority_pk,
            responsible_id=form.cleaned_data["responsible"],
            deputy_id=form.cleaned_data["deputy"],
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        form.add_error(None, str(error))
        return _render_page(request, project, status=422, roles_form=form)
    messages.success(
        request,
        _("The responsible person and the deputy of %(authority)s were saved.")
        % {"authority": partner.authority},
    )
    return redirect(_detail_url(project, "partners"))


@require_POST
@login_required
def partner_add(request, pk: int):
    """Add partner authorities found with the search (the create page's); without JavaScript, "search"
    re-renders the page with the results."""
    project = _visible_project(request, pk)
    if not permissions.can_edit_project(request.user, project):
        return _forbidden(request, NotAllowed(_("Only members of a partner authority can edit.")))
    current = {p.authority_id for p in project.partners.all()}
    query = (request.POST.get("q") or "").strip()
    if "search" in request.POST:
        results = _search_results(query, exclude=current) if query else []
        return _render_page(request, project, partner_query=query, partner_results=results)
    chosen = [int(v) for v in request.POST.getlist("partners") if v.isdigit() and int(v) not in current]
    if not chosen:
        return _render_page(
            request,
            project,
            status=422,
            partner_query=query,
            partner_results=_search_results(query, exclude=current) if query else [],
            partner_add_error=_("Choose at least one local authority among the results of the search."),
        )
    added = []
    try:
        for authority_id in dict.fromkeys(chosen):
            added.append(services.partner_add(actor=request.user, project=project, authority_id=authority_id))
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        messages.error(request, str(error))
        return _render_page(request, _visible_project(request, pk), status=422)
    messages.success(
        request,
        _("New partner: %(authorities)s.") % {"authorities": ", ".join(str(p.authority) for p in added)},
    )
    return redirect(_detail_url(project, "partners"))


def _organisation_results(query: str) -> list[Organisation]:
    return selectors.organisation_search(q=query) if query else []


@require_GET
@login_required
def organisation_search(request):
    """Partial for the participant form: organisations of any kind matching `q`, as radio buttons."""
    query = (request.GET.get("q") or "").strip()
    return render(
        request,
        "projects/_organisation_results.html",
        {"participant_query": query, "participant_results": _organisation_results(query)},
    )


@require_POST
@login_required
def participant_add(request, pk: int):
    """Another organisation of the directory (a network, an NGO, a funder) with its IATI role."""
    project = _visible_project(request, pk)
    if not permissions.can_edit_project(request.user, project):
        return _forbidden(request, NotAllowed(_("Only members of a partner authority can edit.")))
    query = (request.POST.get("q") or "").strip()
    form = ParticipantForm(request.POST)
    found = {"participant_query": query, "participant_results": _organisation_results(query)}
    if "search" in request.POST:
        form = ParticipantForm(initial={"role": request.POST.get("role", "")})
        return _render_page(request, project, participant_form=form, **found)
    if not form.is_valid():
        return _render_page(request, project, status=422, participant_form=form, **found)
    try:
        participant = services.participant_add(
            actor=request.user,
            project=project,
            organisation_id=form.cleaned_data["organisation"],
            role=form.cleaned_data["role"],
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        form.add_error(None, str(error))
        return _render_page(request, project, status=422, participant_form=form, **found)
    messages.success(request, _("New participant: %(participant)s.") % {"participant": participant})
    return redirect(_detail_url(project, "participants"))
