"""The coordination console of a network (page) and its files."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from mostovi.directory.network_selectors import network_list_counts

from . import charts
from .exports import overview_csv, overview_xlsx
from .permissions import can_coordinate_network
from .selectors import MEMBERS_PAGE, coordinated_networks, network_or_none, network_overview

PAGE_LIST = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def index(request):
    """The networks the user coordinates (every network for staff), each with a link to its console."""
    user = request.user
    if user.is_authenticated and user.is_staff:
        networks = network_list_counts()
    else:
        mine = {n.pk for n in coordinated_networks(user)}
        networks = [n for n in network_list_counts() if n.pk in mine]
    return render(request, "networks/index.html", {"networks": networks})


def console(request, pk: int):
    """Members on a map and in a list, cooperation by country, theme and phase, overlaps and gaps."""
    network = network_or_none(pk)
    if network is None:
        raise Http404
    full = can_coordinate_network(request.user, network)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        # The files hold every member; the page shows them a page at a time.
        overview = network_overview(network=network, user=request.user, full=full, members_limit=None)
        if fmt == "csv":
            response = HttpResponse(overview_csv(overview), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(overview_xlsx(overview), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="network-{network.pk}-overview.{fmt}"'
        return response
    try:
        page = max(1, int(request.GET.get("members_page", "1")))
    except ValueError:
        page = 1
    overview = network_overview(
        network=network,
        user=request.user,
        full=full,
        members_offset=(page - 1) * MEMBERS_PAGE,
        members_limit=MEMBERS_PAGE,
    )
    url = reverse("directory:detail", args=[0])

    def link(pk: int) -> str:
        # One reverse() for hundreds of links: the console lists many authorities.
        return url.replace("/0/", f"/{pk}/")

    points = [
        {
            "id": m["id"],
            "name": m["name"],
            "latin": m["name_latin"] if m["name_latin"] != m["name"] else "",
            "lat": round(m["latitude"], 5),
            "lon": round(m["longitude"], 5),
            "url": link(m["id"]),
        }
        for m in overview.map_points
    ]
    lists = {}
    if full:
        # The page shows the start of each list; the files hold them all (up to LIST_LIMIT).
        overlaps = overview.overlaps[:PAGE_LIST]
        for item in overlaps:
            for authority in item["authorities"]:
                authority["url"] = link(authority["id"])
        without_partner = overview.gaps["members_without_partner"][:PAGE_LIST]
        for member in without_partner:
            member["url"] = link(member["id"])
        for member in overview.members:
            member["url"] = link(member["id"])
        lists = {
            "overlaps": overlaps,
            "needs_unanswered": overview.gaps["needs_unanswered"][:PAGE_LIST],
            "members_without_partner": without_partner,
            "projects": overview.projects[:PAGE_LIST],
        }
    context = {
        **lists,
        "network": network,
        "overview": overview,
        "full": full,
        "map_points": points,
        "map_others": overview.members_total - len(points),
        "members": overview.members,
        "members_page": page,
        "members_first": overview.members_offset + 1,
        "members_last": overview.members_offset + len(overview.members),
        "members_previous": page - 1 if page > 1 else None,
        "members_next": page + 1
        if overview.members_offset + len(overview.members) < overview.members_total
        else None,
        **charts.matrix_context(overview),
    }
    if request.headers.get("HX-Request") and request.GET.get("members_page"):
        return render(request, "networks/_members.html", context)
    return render(request, "networks/console.html", context)
