"""The open-data pages and files: thin, they read through selectors and write nothing."""

from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import iati, selectors


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
    stream = iati.activities_stream(selectors.iati_project_chunks(reporting_org=reporting_org))
    response = StreamingHttpResponse(stream, content_type="application/xml; charset=utf-8")
    name = f"mostovi-activities-{reporting_org}.xml" if reporting_org else "mostovi-activities.xml"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
