"""`/api/v1/networks/{id}/overview`: the coordination console's figures, overlaps and gaps."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from mostovi.core.api.schemas import ErrorOut

from .exports import overview_csv, overview_xlsx
from .permissions import can_coordinate_network
from .selectors import network_or_none, network_overview

router = Router(tags=["networks"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/networks/{network_id}/overview",
    response={200: dict, 404: ErrorOut, 422: ErrorOut},
    summary="A network's coordination overview",
    description=(
        "Cooperation among the network's members, direct and indirect: `by_country`, `by_theme`, `by_phase`, "
        "`matrix` (country × theme × year). For its coordinators and staff also `overlaps` and `gaps` "
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
    data = network_overview(
        network=network, user=user, full=can_coordinate_network(user, network), with_members=False
    )
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
        "overlaps": data.overlaps if data.full else [],
        "gaps": data.gaps if data.full else {},
    }
    return body
