import json

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property

from mostovi.partnerships.selectors import partnership_list_for_authority

from .forms import DirectorySearchForm
from .models import Organisation, OrganisationKind
from .selectors import (
    authority_search,
    authority_search_count,
    map_points,
    network_choices,
    network_list,
    organisation_detail,
)

PAGE_SIZE = 25


class CountedPaginator(Paginator):
    """A paginator told its total, so that the count does not repeat the ranked search."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _with_urls(points: list[dict]) -> list[dict]:
    template = reverse("directory:detail", args=[0])
    for point in points:
        point["url"] = template.replace("/0/", f"/{point['id']}/")
    return points


def _is_htmx_partial(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def directory(request):
    """Local authorities: search in any script, filters, sortable and paginated results, and a map."""
    form = DirectorySearchForm(request.GET or None, networks=network_choices())
    params = form.search_params()
    results = authority_search(**params)
    paginator = CountedPaginator(
        results.select_related("parent"), PAGE_SIZE, count=authority_search_count(**params)
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": params["q"],
        "sort": params.get("sort") or "",
        # The map shows the results of this page: the table beside it is its exact text alternative.
        "map_points_json": json.dumps(_with_urls(map_points(page.object_list)), ensure_ascii=False),
    }
    template = "directory/_results.html" if _is_htmx_partial(request) else "directory/index.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def networks(request):
    """Networks and associations of local authorities with their member counts."""
    return render(request, "directory/networks.html", {"networks": network_list()})


def detail(request, pk: int):
    """One organisation: its names in every script, place in the hierarchy, networks, sources and map."""
    try:
        organisation = organisation_detail(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    point = _with_urls(map_points([organisation]))
    context = {
        "organisation": organisation,
        "children": list(organisation.children.all()),
        "memberships": list(organisation.network_memberships.all()),
        "members": list(organisation.network_members.all()),
        "is_network": organisation.kind == OrganisationKind.NETWORK,
        "map_points": point,
        "partnerships": (
            partnership_list_for_authority(organisation)
            if organisation.kind == OrganisationKind.LOCAL_AUTHORITY
            else []
        ),
    }
    return render(request, "directory/detail.html", context)
