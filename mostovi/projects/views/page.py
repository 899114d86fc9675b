"""The project page: what it shows (one builder of its context) and the helpers every project view shares."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation

from mostovi.accounts.models import Membership
from mostovi.accounts.permissions import can_confirm_membership
from mostovi.core import approvals as core_approvals
from mostovi.directory.models import Organisation
from mostovi.directory.selectors import authority_search as directory_authority_search

from .. import lifecycle, permissions, selectors, services
from ..activity_chart import activities_mark_overdue, activity_chart, project_span
from ..exceptions import InvalidInput, StaleVersion
from ..forms import (
    ActivityForm,
    CommentForm,
    DocumentForm,
    MissionForm,
    ParticipantForm,
    PartnerInvitationForm,
    PartnerRolesForm,
    TransitionForm,
    TranslationForm,
    text_revisions,
)
from ..models import ActivityStatus, DocumentCategory, Phase, TextField_
from ..templatetags.project_tags import _field_label, _value

LIST_PAGE_SIZE = 25
TIMELINE_PAGE_SIZE = 50
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

    today = timezone.localdate()
    activities = activities_mark_overdue(project.activities.all(), today)
    project_starts, project_ends = project_span(project)
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
        "activity_statuses": ActivityStatus.choices,
        "chart": activity_chart(activities, starts_on=project_starts, ends_on=project_ends, today=today),
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


def _search_results(query: str, exclude=()) -> list[Organisation]:
    found = directory_authority_search(q=query[:200]).exclude(pk__in=list(exclude))
    return list(found[:10])


def _field_conflict(error: StaleVersion) -> list[dict]:
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


def _posted_number(request, name: str) -> int | None:
    """A whole number posted by a hidden field, or None (the services refuse a missing version)."""
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None
