"""`/api/v1/networks/{id}/overview`: the coordination console's figures, overlaps and gaps."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from mostovi.core.api.schemas import ErrorOut
from mostovi.projects.selectors import project_visible_for_page

from . import services
from .exports import overview_csv, overview_xlsx
from .models import ProjectSupport
from .permissions import can_coordinate_network
from .selectors import network_or_none, network_overview, project_supports

router = Router(tags=["networks"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/networks/{network_id}/overview",
    response={200: dict, 404: ErrorOut, 422: ErrorOut},
    summary="A network's coordination overview",
    description=(
        "Cooperation among the network's members, direct and indirect: `by_country`, `by_theme`, `by_phase`, "
        "`matrix` (country × theme × year), `deadlines` (calls closing within a year that fit the members). "
        "For its coordinators and staff also `overlaps` and `gaps` "
        "(`needs_unanswered`, `members_without_partner`, `themes_asked_never_offered`); others get the "
        "figures only (`full` false). `format=csv|xlsx` gives the same tables as a file."
    ),
)
def overview(request, network_id: int, format: str = Query("json", description="json, csv or xlsx.")):
    if format not in ("json", "csv", "xlsx"):
        raise HttpError(422, _("Unknown format: %(code)s.") % {"code": format[:20]})
    network = network_or_none(network_id)
    if network is None:
        raise HttpError(404, _("No network has this id."))
    user = request.user
    full = can_coordinate_network(user, network)
    if format == "json":
        data = network_overview(network=network, user=user, full=full, with_members=False)
    else:
        # The files list every member.
        data = network_overview(network=network, user=user, full=full, members_limit=None)
    if format == "csv":
        response = HttpResponse(overview_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="network-{network.pk}-overview.csv"'
        return response
    if format == "xlsx":
        response = HttpResponse(overview_xlsx(data), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="network-{network.pk}-overview.xlsx"'
        return response
    body = {
        "network": {"id": network.pk, "acronym": network.acronym, "name": network.name},
        "full": data.full,
        "members_direct": data.members_direct,
        "members_indirect": data.members_indirect,
        "by_country": data.by_country,
        "by_theme": data.by_theme,
        "by_phase": data.by_phase,
        "matrix": data.matrix,
        "deadlines": data.deadlines,
        "overlaps": data.overlaps if data.full else [],
        "gaps": data.gaps if data.full else {},
    }
    return body


class SupportIn(Schema):
    project_id: int
    programme: str = ""


class RefuseIn(Schema):
    authority_id: int
    reason: str = ""


def _support_out(support: ProjectSupport) -> dict:
    return {
        "id": support.pk,
        "project_id": support.project_id,
        "network": {
            "id": support.network_id,
            "acronym": support.network.acronym,
            "name": support.network.name,
        },
        "programme": support.programme,
        "status": support.status,
        "recorded_at": support.recorded_at.isoformat(),
        "refused_for": support.refused_for_id,
        "reason": support.refusal_reason,
    }


@router.post(
    "/networks/{network_id}/supported-projects",
    response={201: dict, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Record that the network's programme supports a project",
    description=(
        "For the network's coordinators; one of the project's partners must belong to the network (directly "
        "or through a member association). The partners see it and may refuse it."
    ),
)
def support_record(request, network_id: int, payload: SupportIn):
    if not request.user.is_authenticated:
        raise HttpError(401, _("Sign in first."))
    network = network_or_none(network_id)
    project = project_visible_for_page(user=request.user, pk=payload.project_id)
    if network is None or project is None:
        raise HttpError(404, _("No such network or project."))
    support = services.project_support_record(
        actor=request.user, network=network, project=project, programme=payload.programme
    )
    return Status(201, _support_out(support))


@router.get(
    "/projects/{project_id}/network-support",
    response={200: list[dict], 404: ErrorOut},
    summary="The networks' programmes supporting a project",
)
def support_list(request, project_id: int):
    project = project_visible_for_page(user=request.user, pk=project_id)
    if project is None:
        raise HttpError(404, _("No project has this id."))
    return [_support_out(s) for s in project_supports(project_ids=[project.pk]).get(project.pk, [])]


@router.post(
    "/projects/{project_id}/network-support/{support_id}/refuse",
    response={200: dict, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="A partner refuses a network's support",
    description=(
        "For a member of the partner authority `authority_id`, with an optional `reason` (1,000 "
        "characters at most). Final: 409 when already refused. The other partners are notified and the "
        "network's coordinators receive an e-mail."
    ),
)
def support_refuse(request, project_id: int, support_id: int, payload: RefuseIn):
    if not request.user.is_authenticated:
        raise HttpError(401, _("Sign in first."))
    project = project_visible_for_page(user=request.user, pk=project_id)
    support = (
        ProjectSupport.objects.select_related("network").filter(pk=support_id, project_id=project_id).first()
    )
    if project is None or support is None:
        raise HttpError(404, _("No such support."))
    support = services.project_support_refuse(
        actor=request.user, support=support, authority_id=payload.authority_id, reason=payload.reason
    )
    return _support_out(support)
