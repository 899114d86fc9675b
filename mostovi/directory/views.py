import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .exceptions import InvalidInput, NotAllowed
from .forms import DirectorySearchForm, MandateForm
from .models import Organisation, OrganisationKind
from .network_selectors import authority_networks, network_list_counts
from .permissions import can_edit_mandate
from .selectors import (
    authority_records,
    authority_search,
    authority_search_count,
    map_points,
    network_choices,
    organisation_detail,
    search_aliases,
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
        # The alias a reader searched by ("Sofia"), shown beside the official name it found.
        "aliases_found": search_aliases(page.object_list, params["q"]),
        # The map shows the results of this page: the table beside it is its exact text alternative.
        "map_points_json": json.dumps(_with_urls(map_points(page.object_list)), ensure_ascii=False),
    }
    template = "directory/_results.html" if _is_htmx_partial(request) else "directory/index.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def networks(request):
    """Networks and associations of local authorities with their member counts."""
    return render(request, "directory/networks.html", {"networks": network_list_counts()})


def _organisation_or_404(pk: int) -> Organisation:
    try:
        return organisation_detail(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def _render_detail(request, organisation: Organisation, *, mandate_form=None, status: int = 200):
    point = _with_urls(map_points([organisation]))
    is_authority = organisation.kind == OrganisationKind.LOCAL_AUTHORITY
    may_edit_mandate = is_authority and can_edit_mandate(request.user, organisation)
    if may_edit_mandate and mandate_form is None:
        mandate_form = MandateForm(
            initial={
                "mandate_started_on": organisation.mandate_started_on,
                "next_elections_on": organisation.next_elections_on,
            }
        )
    context = {
        "organisation": organisation,
        "children": list(organisation.children.all()),
        "networks": authority_networks(organisation),
        "grouped": list(organisation.grouped.all()),
        "members": list(organisation.network_members.all()),
        "is_network": organisation.kind == OrganisationKind.NETWORK,
        "map_points": point,
        "partnerships": authority_records(organisation, "partnerships") if is_authority else [],
        "mandate_form": mandate_form if may_edit_mandate else None,
    }
    return render(request, "directory/detail.html", context, status=status)


def detail(request, pk: int):
    """One organisation: its names in every script, place in the hierarchy, networks, sources and map."""
    return _render_detail(request, _organisation_or_404(pk))


@require_POST
@login_required
def mandate_update(request, pk: int):
    """Save an authority's mandate dates; a refused value re-renders the page with the form (422)."""
    organisation = _organisation_or_404(pk)
    form = MandateForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, organisation, mandate_form=form, status=422)
    try:
        services.organisation_mandate_update(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )
    except NotAllowed as error:
        return render(request, "403.html", {"reason": str(error)}, status=403)
    except InvalidInput as error:
        form.add_error(None, str(error))
        return _render_detail(request, organisation, mandate_form=form, status=422)
    messages.success(request, _("The mandate dates were saved."))
    return redirect(reverse("directory:detail", args=[organisation.pk]) + "#mandate")


# The pages whose address names the authority that decides on them (the refused page says whom to ask).
_AUTHORITY_PARAMETERS = {"accounts": "organisation_id", "directory": "pk", "networks": "pk"}


def forbidden_hint(request, match) -> dict | None:
    """On a refused page that names an authority: that authority and its page (registered in core)."""
    parameter = _AUTHORITY_PARAMETERS.get(match.namespace)
    if match.url_name == "actions_authority":
        parameter = "pk"
    if not parameter or not match.kwargs.get(parameter):
        return None
    authority = Organisation.objects.filter(pk=match.kwargs[parameter]).first()
    if authority is None:
        return None
    return {"owner": authority, "owner_url": reverse("directory:detail", args=[authority.pk])}
