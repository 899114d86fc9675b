"""The open-data pages and files: thin, they read through selectors; a complete download records its size."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mostovi.funding.catalogue import selectors as funding_selectors

from . import exports, iati, selectors
from .declaration import DeclarationRefused, declaration_for
from .services import export_size_record


def _int_param(request, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise ValueError(name)
    return int(raw)


@require_GET
def iati_activities(request):
    """Every public project as an IATI 2.03 activities file, streamed; `?reporting_org=<authority id>`."""
    try:
        reporting_org = _int_param(request, "reporting_org")
    except ValueError:
        return HttpResponseBadRequest(
            _("reporting_org must be the id of an authority."), content_type="text/plain; charset=utf-8"
        )
    if reporting_org is not None and selectors.reporting_org_get(reporting_org) is None:
        raise Http404
    stream = exports.measured(
        iati.activities_stream(selectors.iati_project_chunks(reporting_org=reporting_org)),
        key=exports.iati_size_key(reporting_org),
    )
    response = StreamingHttpResponse(stream, content_type="application/xml; charset=utf-8")
    name = f"mostovi-activities-{reporting_org}.xml" if reporting_org else "mostovi-activities.xml"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def index(request):
    """The open-data page: every export with its licence, records, date and size, and the IATI files."""
    figures = selectors.dataset_figures()
    sizes = selectors.export_sizes()
    datasets = []
    for dataset in exports.DATASETS.values():
        count, latest = figures[dataset.slug]
        datasets.append(
            {
                "dataset": dataset,
                "count": count,
                "latest": latest,
                "files": [
                    {
                        "label": fmt.upper(),
                        "url": reverse("opendata_files:export", args=[dataset.slug, fmt]),
                        "size": sizes.get(exports.size_key(dataset.slug, fmt)),
                    }
                    for fmt in exports.FORMATS
                ],
            }
        )
    iati_count, iati_latest = figures["iati"]
    iati_url = reverse("opendata_files:iati_activities")
    authorities = [
        {
            "authority": authority,
            "url": f"{iati_url}?reporting_org={authority.pk}",
            "size": sizes.get(exports.iati_size_key(authority.pk)),
        }
        for authority in selectors.iati_reporting_orgs()
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets,
            "iati_count": iati_count,
            "iati_latest": iati_latest,
            "iati_url": iati_url,
            "iati_size": sizes.get(exports.iati_size_key(None)),
            "licence_etalab": exports.LICENCE_ETALAB,
            "authorities": authorities,
            "declarable": selectors.declarable_authorities(user=request.user),
            "last_year": date.today().year - 1,
        },
    )


@require_GET
def export(request, slug: str, fmt: str):
    dataset = exports.DATASETS.get(slug)
    if dataset is None or fmt not in exports.FORMATS:
        raise Http404
    name = exports.filename(dataset, fmt)
    key = exports.size_key(slug, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.measured(exports.csv_stream(dataset), key=key), content_type=exports.CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    handle = exports.xlsx_file(dataset)
    export_size_record(key=key, size=exports.file_size(handle))
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=exports.CONTENT_TYPES["xlsx"],
    )


@login_required
def declaration(request, pk: int):
    """The yearly aid declaration of a French authority, for its members (the same figures as the API)."""
    last_year = date.today().year - 1
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else last_year
    try:
        authority, figures = declaration_for(user=request.user, authority_id=pk, year=year)
    except DeclarationRefused as refusal:
        if refusal.status == 404:
            raise Http404 from None
        if refusal.status == 403:
            raise PermissionDenied(refusal.message) from None
        return render(request, "opendata/declaration_refused.html", {"message": refusal.message}, status=422)
    api_url = f"/api/v1/authorities/{authority.pk}/aid-declaration?year={year}"
    return render(
        request,
        "opendata/declaration.html",
        {
            "authority": authority,
            "declaration": figures,
            "year": year,
            "years": list(range(last_year + 1, last_year - 6, -1)),
            "csv_url": api_url + "&format=csv",
            "xlsx_url": api_url + "&format=xlsx",
            "filing": funding_selectors.aid_declaration_panel(user=request.user, authority=authority),
            "campaign_year": date.today().year,
        },
    )
