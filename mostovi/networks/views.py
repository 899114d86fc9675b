"""The coordination console of a network (page) and its files."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostovi.core.errors import InvalidInput
from mostovi.core.http import form_error, page_errors
from mostovi.directory.network_selectors import network_list_counts
from mostovi.projects.selectors import project_visible_for_page

from . import charts, services
from .exports import overview_csv, overview_xlsx
from .forms import SupportRefuseForm
from .models import ProjectSupport
from .permissions import can_coordinate_network, support_refusing_authorities
from .selectors import (
    MEMBERS_PAGE,
    authority_names,
    coordinated_networks,
    network_or_none,
    network_overview,
    project_supports,
)

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


def _supports_context(request, project, form=None) -> dict:
    refusers = support_refusing_authorities(request.user, project.pk)
    return {
        "project": project,
        "supports": project_supports(project_ids=[project.pk]).get(project.pk, []),
        "refusers": authority_names(refusers),
        "form": form,
    }


def project_support_list(request, project_pk: int):
    """The networks' programmes supporting a project, each refusable by the partners (the project page loads
    it into its section; without JavaScript, its link opens it as a page)."""
    project = project_visible_for_page(user=request.user, pk=project_pk)
    if project is None:
        raise Http404
    context = _supports_context(request, project)
    if request.headers.get("HX-Request"):
        return render(request, "networks/_project_supports.html", context)
    return render(request, "networks/project_supports.html", context)


@require_POST
@page_errors
def project_support_refuse(request, project_pk: int, support_pk: int):
    """A partner refuses a network's support: the service decides who may (403) and that it is once (409)."""
    project = project_visible_for_page(user=request.user, pk=project_pk)
    support = ProjectSupport.objects.filter(pk=support_pk, project_id=project_pk).first()
    if project is None or support is None:
        raise Http404
    form = SupportRefuseForm(request.POST)
    if form.is_valid():
        try:
            support = services.project_support_refuse(
                actor=request.user,
                support=support,
                authority_id=form.cleaned_data["authority"],
                reason=form.cleaned_data["reason"],
            )
        except InvalidInput as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "You refused the support of the programme of %(network)s for %(authority)s. The other "
                    "partners were notified and the network's coordinators informed by e-mail; the network "
                    "cannot record its support of this project again."
                )
                % {
                    "network": support.network.acronym or support.network.name,
                    "authority": support.refused_for.name,
                },
            )
            return redirect(reverse("projects:detail", args=[project.pk]) + "#network-support")
    context = _supports_context(request, project, form=form)
    return render(request, "networks/project_supports.html", context, status=422)
