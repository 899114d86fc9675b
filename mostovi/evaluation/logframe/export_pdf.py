"""The logframe table as a PDF (the same rows as the XLSX export), printed with WeasyPrint."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from mostovi.core.formats import format_date, format_decimal
from mostovi.core.pdf import FONT_STACK, html_to_pdf

from ..pages import project_title, visible_project
from .export import logframe_rows
from .values import plain


def logframe_pdf_bytes(*, project, title: str) -> bytes:
    header, rows = logframe_rows(project=project)
    html = render_to_string(
        "evaluation/logframe_pdf.html",
        {
            "title": title,
            "header": header,
            "rows": [[_cell(value) for value in row] for row in rows],
            "generated_at": timezone.localtime(timezone.now()),
            "font_stack": FONT_STACK,
            "language": translation.get_language(),
        },
    )
    return html_to_pdf(html, base_url=settings.SITE_URL.rstrip("/") + "/")


def _cell(value) -> str:
    """A cell as the reader writes it: numbers and dates localised."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format_decimal(plain(Decimal(repr(value))), -6)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


@require_GET
def logframe_pdf(request, pk: int):
    project = visible_project(request, pk)
    content = logframe_pdf_bytes(project=project, title=project_title(project))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="logframe-{project.pk}.pdf"'
    return response
