"""The coordination console of a network (page) and its files."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from mostovi.directory.network_selectors import network_list_counts

from .exports import overview_csv, overview_xlsx
from .permissions import can_coordinate_network
from .selectors import coordinated_networks, network_or_none, network_overview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAP_LIMIT = 3000


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
    overview = network_overview(network=network, user=request.user, full=full)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        response = HttpResponse(overview_csv(overview), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="network-{network.pk}-overview.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(overview_xlsx(overview), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="network-{network.pk}-overview.xlsx"'
        return response
    url = reverse("directory:detail", args=[0])
    points = [
        {
            "id": m["id"],
            "name": m["name"],
            "latin": m["name_latin"] if m["name_latin"] != m["name"] else "",
            "lat": round(m["lat"], 5),
            "lon": round(m["lon"], 5),
            "url": url.replace("/0/", f"/{m['id']}/"),
        }
        for m in overview.members[:MAP_LIMIT]
        if m["lat"] is not None and m["lon"] is not None
    ]
    themes = sorted({r["theme"] for r in overview.matrix})
    countries = sorted({r["country"] for r in overview.matrix})
    this_year = max(overview.years) if overview.years else None
    cells = {(r["country"], r["theme"]): r["count"] for r in overview.matrix if r["year"] == this_year}
    matrix_rows = [(country, [cells.get((country, t), 0) for t in themes]) for country in countries]
    trend = {}
    for r in overview.matrix:
        trend[r["year"]] = trend.get(r["year"], 0) + r["count"]
    context = {
        "network": network,
        "overview": overview,
        "full": full,
        "map_points": points,
        "members": overview.members[:200],
        "themes": themes,
        "matrix_rows": matrix_rows,
        "matrix_year": this_year,
        "trend": sorted(trend.items()),
    }
    return render(request, "networks/console.html", context)
