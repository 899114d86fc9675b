"""The logframe table as an XLSX workbook: one row per indicator under its result (EU logframe columns)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from mostovi.core.exports import safe_cell, sanitize_row

from . import selectors
from .values import as_text, plain


def _number_or_text(number, text: str = ""):
    return float(plain(number)) if number is not None else text


def logframe_rows(*, project) -> tuple[list[str], list[list]]:
    header = [
        _("Level"),
        _("Result"),
        _("Indicator"),
        _("Measure"),
        _("Unit"),
        _("Baseline"),
        _("Baseline date"),
        _("Targets"),
        _("Latest approved value"),
        _("Period of the value"),
        _("Sources of verification"),
        _("Assumptions"),
        _("Reporting partner"),
    ]
    rows = []
    for node in selectors.logframe_rows(project=project):
        result = node.result
        indicators = node.indicators or [None]
        for indicator in indicators:
            if indicator is None:
                rows.append([result.get_level_display(), result.title, *[""] * (len(header) - 2)])
                continue
            latest = selectors.latest_approved(indicator)
            targets = "; ".join(
                f"{t.period_end.isoformat()}: {as_text(t.value, t.value_text)}"
                for t in indicator.targets.all()
            )
            rows.append(
                [
                    result.get_level_display(),
                    result.title,
                    indicator.title,
                    indicator.get_measure_display(),
                    indicator.unit,
                    _number_or_text(indicator.baseline_value, indicator.baseline_text),
                    indicator.baseline_date,
                    targets,
                    _number_or_text(latest.value, latest.value_text) if latest else "",
                    f"{latest.period_start.isoformat()} – {latest.period_end.isoformat()}" if latest else "",
                    indicator.sources,
                    indicator.assumptions,
                    str(indicator.reporting_partner),
                ]
            )
    return header, rows


def logframe_xlsx(*, project, title: str) -> bytes:
    header, rows = logframe_rows(project=project)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Logframe")[:31]
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(sanitize_row(header))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(sanitize_row(row))
    for cell in sheet["G"][2:]:
        cell.number_format = "yyyy-mm-dd"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
