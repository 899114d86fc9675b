"""The project pages. Views shape input and output; the services decide and write, the predicates allow.

Not visible → 404; visible but not allowed → 403 with the reason; a closed gate or a conflict → 409 with
the page re-rendered so that nothing typed is lost; input refused → 422 with the form and its errors.
"""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import formset_factory
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mostovi.accounts.models import Membership
from mostovi.accounts.permissions import can_confirm_membership
from mostovi.core import approvals as core_approvals
from mostovi.core.errors import Conflict
from mostovi.core.http import forbidden as _forbidden
from mostovi.directory.models import Organisation, OrganisationKind
from mostovi.directory.selectors import authority_search as directory_authority_search

from . import lifecycle, permissions, selectors, services
from .exceptions import GateNotMet, InvalidInput, NotAllowed, StaleVersion
from .forms import (
    ActionForm,
    ActivityForm,
    ApprovalForm,
    AuthorityChoiceForm,
    BaseActionFormSet,
    CommentForm,
    DocumentForm,
    DocumentVersionForm,
    MissionForm,
    ParticipantForm,
    PartnerInvitationForm,
    PartnerRolesForm,
    ProgrammeForm,
    ProjectCreateForm,
    ProjectEditForm,
    ProjectFilterForm,
    TransitionForm,
    TranslationForm,
    text_revisions,
)
from .models import ActivityStatus, DocumentCategory, Phase, TextField_
from .tasks import _message as notification_message

LIST_PAGE_SIZE = 25
TIMELINE_PAGE_SIZE = 50
CHART_MONTHS_MAX = 60
EMPTY_ACTION_ROWS = 2

# What each gate condition checks, said when it is met (the unmet reason comes from the condition).
# --- helpers ------------------------------------------------------------------------------------


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def _visible_project(request, pk: int):
    """The project with everything its page shows; 404 when it does not exist for this user."""
    project = selectors.project_get_for_view(pk=pk)
    if project is None:
        raise Http404
    # One query for the user's memberships (the permissions) and the members of the partners they edit for.
    project.page_memberships = selectors.memberships_for_page(user=request.user, project=project)
    permissions.remember_memberships(request.user, project.page_memberships)
    if not permissions.can_view_project(request.user, project):
        raise Http404
    return project


def _members_of(project, authority_id: int) -> list:
    """Active members of a partner authority, as read with the page (see `_visible_project`)."""
    memberships = getattr(project, "page_memberships", None)
    if memberships is None:
        memberships = list(
            Membership.objects.active().filter(organisation_id=authority_id).select_related("user")
        )
    return [m for m in memberships if m.organisation_id == authority_id]


def _council_decisions(project) -> list:
    return [d for d in project.documents.all() if d.category == DocumentCategory.COUNCIL_DECISION]


PARTNER_PHASES = (Phase.IDENTIFICATION, Phase.EXPERTISE_MISSION)


def _detail_url(project, anchor: str = "") -> str:
    url = reverse("projects:detail", kwargs={"pk": project.pk})
    return f"{url}#{anchor}" if anchor else url


def _authorities(project) -> list[Organisation]:
    return [p.authority for p in project.partners.all()]


def _title(project) -> str:
    text = selectors.project_text(project, TextField_.TITLE)
    return text.text if text else f"#{project.pk}"


def _gates(project, nobody=()) -> list[dict]:
    """For each next phase the project may take: its conditions, met or not, with the reasons; an unmet
    condition that waits on a partner with nobody confirmed on Mostovi (`nobody`) names it."""
    resuming = project.phase == Phase.SUSPENDED
    gates = []
    for target in lifecycle.allowed_targets(project):
        if target in lifecycle.NEEDS_REASON:
            continue
        conditions = []
        if not resuming:
            for condition in lifecycle.GATES.get(target, []):
                reason = condition(project)
                waiting = [a for a in nobody if reason and str(a) in reason]
                conditions.append(
                    {
                        "met": reason is None,
                        "not_applicable": isinstance(reason, lifecycle.NotApplicable),
                        "reason": reason,
                        "label": condition.label(),
                        "nobody": waiting,
                    }
                )
        gates.append(
            {
                "phase": target,
                "conditions": conditions,
                "open": all(c["met"] or c["not_applicable"] for c in conditions),
                "resume": resuming,
            }
        )
    return gates


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _activity_chart(activities) -> dict | None:
    """A month-by-month chart of the dated activities (the activities table says the same in text)."""
    dated = [a for a in activities if a.starts_on or a.ends_on]
    if not dated:
        return None
    first = min(a.starts_on or a.ends_on for a in dated).replace(day=1)
    last = max(a.ends_on or a.starts_on for a in dated)
    count = min(_months_between(first, last) + 1, CHART_MONTHS_MAX)
    months = []
    for index in range(count):
        year, month = divmod(first.month - 1 + index, 12)
        months.append(date(first.year + year, month + 1, 1))
    rows = []
    for activity in dated:
        start = activity.starts_on or activity.ends_on
        end = activity.ends_on or activity.starts_on
        offset = _months_between(first, start)
        if offset >= count:
            continue
        span = max(1, min(_months_between(start, end) + 1, count - offset))
        rows.append({"activity": activity, "start": offset + 1, "span": span})
    return {"months": months, "rows": rows, "columns": count, "truncated": len(rows) < len(dated)}


def _timeline_page(project, offset: int) -> tuple[list, int | None]:
    events = list(selectors.project_timeline(project=project)[offset : offset + TIMELINE_PAGE_SIZE + 1])
    more = offset + TIMELINE_PAGE_SIZE if len(events) > TIMELINE_PAGE_SIZE else None
    return events[:TIMELINE_PAGE_SIZE], more


def _page_context(request, project, **overrides) -> dict:
    """Everything the project page shows; `overrides` puts back a form with its errors or a 409's reasons."""
    user = request.user
    partners = list(project.partners.all())
    authorities = [p.authority for p in partners]
    language = translation.get_language()
    title = selectors.project_text(project, TextField_.TITLE)
    summary = selectors.project_text(project, TextField_.SUMMARY)
    can_edit = permissions.can_edit_project(user, project)

    mission = selectors.mission_current(project=project)
    programme = selectors.programme_current(project=project)
    # Whose acceptances and approvals wait for a membership's confirmation: one query for the whole page.
    uncounted = core_approvals.approvals_uncounted(
        [
            *(selectors.mission_acceptances_current(mission=mission) if mission else []),
            *(programme.approvals.all() if programme else []),
        ]
    )
    mission_rows = []
    if mission is not None:
        current = selectors.mission_acceptances_current(mission=mission)
        acceptances = {a.authority_id: a for a in current}
        for authority in authorities:
            acceptance = acceptances.get(authority.pk)
            mission_rows.append(
                {
                    "authority": authority,
                    "acceptance": acceptance,
                    "provisional": acceptance is not None
                    and (acceptance.accepted_by_id, authority.pk) in uncounted,
                    "can_accept": acceptance is None
                    and permissions.can_accept_mission(user, project, authority),
                }
            )
    documents = list(project.documents.all())
    documents_by_id = {d.pk: d for d in documents}

    approval_rows = []
    if programme is not None:
        approvals = {a.authority_id: a for a in programme.approvals.all()}
        for authority in authorities:
            approval = approvals.get(authority.pk)
            approval_rows.append(
                {
                    "authority": authority,
                    "approval": approval,
                    "provisional": approval is not None
                    and (approval.approved_by_id, authority.pk) in uncounted,
                    "decision": documents_by_id.get(approval.council_decision_id) if approval else None,
                    "can_approve": approval is None
                    and permissions.can_approve_programme(user, project, authority),
                }
            )
    authority_names = {a.pk: a for a in authorities}
    voided_approvals = []
    if programme is not None and programme.number > 1:
        previous = selectors.programme_get(project=project, number=programme.number - 1)
        if previous is not None:
            voided_approvals = [
                authority_names[a.authority_id]
                for a in previous.approvals.all()
                if a.authority_id in authority_names
            ]
    actions = []
    if programme is not None:
        for action in programme.content.get("actions", []):
            actions.append({**action, "partner": authority_names.get(action.get("partner_id"))})

    acting = set(permissions.acting_authorities(user, project)) if can_edit else set()
    failed_roles = overrides.pop("roles_form", None)
    failed_invitation = overrides.pop("invitation_form", None)
    # The partners see each other's people; staff and network coordinators too (they confirm provisional
    # members), read apart from the page's memberships.
    if can_edit:
        people = selectors.partner_people(
            project=project, memberships=getattr(project, "page_memberships", None)
        )
    elif user.is_authenticated and (user.is_staff or permissions.coordinates_any(user)):
        people = selectors.partner_people(project=project)
    else:
        people = {}
    can_invite = permissions.can_invite_for_partner(user, project)
    partner_rows = []
    for partner in partners:
        form = None
        if failed_roles is not None and failed_roles.partner.authority_id == partner.authority_id:
            form = failed_roles
        elif partner.authority_id in acting:
            form = PartnerRolesForm(partner=partner, memberships=_members_of(project, partner.authority_id))
        members = people.get(partner.authority_id, {"confirmed": [], "provisional": []})
        for membership in members["provisional"]:
            membership.can_confirm = can_confirm_membership(user, membership)
        invitation_form = None
        if can_invite and not members["confirmed"] and partner.authority_id not in acting:
            if failed_invitation is not None and failed_invitation.authority.pk == partner.authority_id:
                invitation_form = failed_invitation
            else:
                invitation_form = PartnerInvitationForm(
                    authority=partner.authority, initial={"language": language, "role": "officer"}
                )
        partner_rows.append(
            {
                "partner": partner,
                "roles_form": form,
                "confirmed": members["confirmed"],
                "provisional": members["provisional"],
                "invitation_form": invitation_form,
            }
        )

    activities = list(project.activities.all())
    events, more = _timeline_page(project, 0)
    texts = list(project.texts.all())
    context = {
        "project": project,
        "partners": partners,
        "partner_rows": partner_rows,
        "participants": list(project.participants.all()),
        "can_add_partner": can_edit and project.phase in PARTNER_PHASES,
        "partner_query": "",
        "partner_results": [],
        "partner_add_error": None,
        "participant_form": ParticipantForm(),
        "participant_query": "",
        "participant_results": [],
        "council_decisions": _council_decisions(project),
        "title": title,
        "summary": summary,
        "title_is_foreign": title is not None and title.language != language,
        "translations": sorted({t.language for t in texts if t.field == TextField_.TITLE}),
        "original_language": next((t.language for t in texts if t.is_original and t.field == "title"), ""),
        "phases": lifecycle.ORDER,
        "phase_index": lifecycle.ORDER.index(project.phase) if project.phase in lifecycle.ORDER else None,
        "resume_index": (
            lifecycle.ORDER.index(project.resume_phase) if project.resume_phase in lifecycle.ORDER else None
        ),
        "gates": _gates(
            project, [row["partner"].authority for row in partner_rows if people and not row["confirmed"]]
        ),
        "can_suspend": Phase.SUSPENDED in lifecycle.allowed_targets(project),
        "can_cancel": Phase.CANCELLED in lifecycle.allowed_targets(project),
        "can_edit": can_edit,
        "can_move": permissions.can_transition_project(user, project),
        "can_comment": permissions.can_comment_project(user, project),
        "can_delete": permissions.can_restore_project(user, project),
        "mission": mission,
        "mission_report": documents_by_id.get(mission.report_id) if mission else None,
        "mission_rows": mission_rows,
        "programme": programme,
        "programme_actions": actions,
        "approval_rows": approval_rows,
        "voided_approvals": voided_approvals,
        "activities": activities,
        "chart": _activity_chart(activities),
        "documents": documents,
        "comments": selectors.project_comments(project=project),
        "events": events,
        "more_events": more,
        "gate_reasons": None,
        "transition_form": TransitionForm(),
        "mission_form": (
            MissionForm(
                initial={
                    **{f: getattr(mission, f) for f in services.MISSION_FIELDS},
                    "revision": mission.revision,
                }
            )
            if mission
            else MissionForm()
        ),
        "activity_form": ActivityForm(partners=authorities, initial={"status": ActivityStatus.PLANNED}),
        "document_form": DocumentForm(partners=authorities, initial={"language": language}),
        "comment_form": CommentForm(),
        "translation_form": TranslationForm(
            initial={"language": _missing_language(texts), "revisions": text_revisions(texts)}
        ),
    }
    context.update(overrides)
    return context


def _missing_language(texts) -> str:
    """The first interface language the title is not yet written in (to suggest a translation)."""
    have = {t.language for t in texts if t.field == TextField_.TITLE}
    return next((code for code, _name in settings.LANGUAGES if code not in have), "")


def _render_page(request, project, status: int = 200, **overrides):
    return render(
        request, "projects/detail.html", _page_context(request, project, **overrides), status=status
    )


def _invalid(request, project, error: InvalidInput, form_name: str, form):
    form.add_error(None, str(error))
    return _render_page(request, project, status=422, **{form_name: form})


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


def _search_results(query: str, exclude=()) -> list[Organisation]:
    found = directory_authority_search(q=query[:200]).exclude(pk__in=list(exclude))
    return list(found[:10])


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


def _field_conflict(error: StaleVersion) -> list[dict]:
    from .templatetags.project_tags import _field_label, _value

    rows = []
    for field, submitted in (error.submitted or {}).items():
        current = (error.current or {}).get(field)
        rows.append(
            {
                "label": _field_label(field),
                "current": _value(field, current),
                "submitted": _value(field, submitted),
                "differs": current != submitted,
            }
        )
    return rows


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


def _posted_number(request, name: str) -> int | None:
    """A whole number posted by a hidden field, or None (the services refuse a missing version)."""
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None


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


# --- activities, documents, discussion, timeline --------------------------------------------------


@require_POST
@login_required
def activity_add(request, pk: int):
    project = _visible_project(request, pk)
    form = ActivityForm(request.POST, partners=_authorities(project))
    if not form.is_valid():
        return _render_page(request, project, status=422, activity_form=form)
    data = form.cleaned_data
    try:
        services.activity_create(
            actor=request.user,
            project=project,
            title=data["title"],
            partner_id=data["partner"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            is_milestone=data["is_milestone"],
            status=data["status"],
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        return _invalid(request, project, error, "activity_form", form)
    messages.success(request, _("The activity was added."))
    return redirect(_detail_url(project, "activities"))


@require_POST
@login_required
def document_upload(request, pk: int):
    project = _visible_project(request, pk)
    form = DocumentForm(request.POST, request.FILES, partners=_authorities(project))
    if not form.is_valid():
        return _render_page(request, project, status=422, document_form=form)
    data = form.cleaned_data
    try:
        services.document_upload(
            actor=request.user,
            project=project,
            category=data["category"],
            title=data["title"],
            language=data["language"],
            uploaded=data["file"],
            signatures=form.signatures(),
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        return _invalid(request, project, error, "document_form", form)
    messages.success(request, _("The document was uploaded."))
    return redirect(_detail_url(project, "documents"))


def _document(project, document_pk: int):
    document = next((d for d in project.documents.all() if d.pk == document_pk), None)
    if document is None:
        raise Http404
    return document


@require_POST
@login_required
def document_version_add(request, pk: int, document_pk: int):
    project = _visible_project(request, pk)
    document = _document(project, document_pk)
    form = DocumentVersionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the file of the new version."))
        return _render_page(request, project, status=422, version_errors={document.pk: form.errors})
    try:
        services.document_add_version(
            actor=request.user, document=document, uploaded=form.cleaned_data["file"]
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        return _render_page(request, project, status=422, version_errors={document.pk: [str(error)]})
    messages.success(request, _("The new version was uploaded."))
    return redirect(_detail_url(project, "documents"))


@require_GET
def document_download(request, pk: int, document_pk: int, number: int):
    project = _visible_project(request, pk)
    document = _document(project, document_pk)
    version = next((v for v in document.versions.all() if v.number == number), None)
    if version is None:
        raise Http404
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.filename,
        content_type=version.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def comment_post(request, pk: int):
    project = _visible_project(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_page(request, project, status=422, comment_form=form)
    try:
        services.comment_post(actor=request.user, project=project, body=form.cleaned_data["body"])
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        return _invalid(request, project, error, "comment_form", form)
    messages.success(request, _("Your message was posted."))
    return redirect(_detail_url(project, "discussion"))


@require_GET
def project_timeline(request, pk: int):
    """The timeline from `offset`: the next entries for "show more" (HTMX), or a page of its own."""
    project = _visible_project(request, pk)
    offset = request.GET.get("offset", "0")
    offset = int(offset) if offset.isdigit() else 0
    events, more = _timeline_page(project, offset)
    context = {"project": project, "title": _title(project), "events": events, "more_events": more}
    template = "projects/_timeline_items.html" if _is_htmx(request) else "projects/timeline.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- notifications --------------------------------------------------------------------------------


@login_required
def notifications(request):
    if request.method == "POST":
        which = request.POST.get("notification", "")
        services.notifications_mark_read(
            actor=request.user, notification_id=int(which) if which.isdigit() else None
        )
        return HttpResponseRedirect(reverse("projects:notifications"))
    items = selectors.notification_list(user=request.user)
    rows = [
        {
            "notification": n,
            "message": notification_message(n.kind, n.data or {}),
            "title": _title(n.project) if n.project else "",
        }
        for n in items
    ]
    unread = sum(1 for n in items if n.read_at is None)
    return render(request, "projects/notifications.html", {"rows": rows, "unread": unread})


# --- continuity: responsibilities without a holder -------------------------------------------------


@login_required
def unheld_responsibilities(request):
    """Responsibilities of live projects that nobody holds: for platform staff, officers and coordinators.

    Staff see every project; officers and coordinators the projects they may see.
    """
    from . import continuity

    if not continuity.can_view_unheld_responsibilities(request.user):
        return _forbidden(
            request,
            NotAllowed(_("Only platform staff, officers and network coordinators can see this list.")),
        )
    projects = None if request.user.is_staff else selectors.project_list_visible_to(user=request.user)
    rows = continuity.unheld_responsibilities(projects=projects)
    return render(request, "projects/unheld.html", {"rows": rows})
