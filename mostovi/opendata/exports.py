"""The open exports (directory, partnerships, public projects, funding catalogue) as CSV and XLSX.

Each dataset is a list of columns and a function from one record to one row. CSV streams row by row; XLSX is
written by openpyxl in write-only mode into a temporary file that is then streamed, so neither holds the whole
table in memory. Every cell goes through `_safe_cell`: a spreadsheet never runs a formula from our data.
"""

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from mostovi.core.exports import safe_cell

from . import iati, selectors

LICENCE_ODBL = ("ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/")
LICENCE_ETALAB = ("Licence Ouverte 2.0 (Etalab)", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/")


def _safe_cell(value):
    """A value fit for a CSV or XLSX cell: dates as ISO text, empty as "", text through `safe_cell`."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(str(value))


def _join(items: Iterable) -> str:
    return " | ".join(str(item) for item in items if item not in (None, ""))


def _sources(sources) -> str:
    urls = []
    for source in sources or []:
        if isinstance(source, dict):
            urls.append(source.get("url") or source.get("title") or "")
        else:
            urls.append(str(source))
    return _join(urls)


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- rows ------------------------------------------------------------------------------------------


def _organisation_row(o) -> list:
    return [
        o.pk,
        o.kind,
        o.level,
        o.country,
        o.code,
        o.code_scheme,
        o.name,
        o.name_latin,
        o.acronym,
        o.parent_id,
        o.admin_area,
        o.population,
        o.population_year,
        o.latitude,
        o.longitude,
        o.website,
        _sources(o.sources),
        o.unverified,
        o.is_demo,
    ]


def _partnership_row(p) -> list:
    members = list(p.members.all())
    return [
        p.pk,
        p.kind,
        p.status,
        p.signed_on,
        p.since_year,
        p.renewed_on,
        p.ends_on,
        _join(m.authority_id for m in members),
        _join(m.authority.name for m in members),
        _join(sorted({m.authority.country for m in members})),
        _join(t.slug for t in p.themes.all()),
        _sources(p.sources),
        p.unverified,
        p.is_demo,
    ]


def _project_row(project) -> list:
    partners = list(project.partners.all())
    lead = next((p.authority for p in partners if p.is_lead), None)
    texts = list(project.texts.all())
    original = next((t for t in texts if t.field == "title" and t.is_original), None)
    original = original or next((t for t in texts if t.field == "title"), None)
    with translation.override(settings.LANGUAGE_CODE):
        url = _site(reverse("projects:detail", args=[project.pk]))
    return [
        project.pk,
        iati.activity_identifier(project, lead) if lead else "",
        original.text if original else "",
        original.language if original else "",
        project.phase,
        _join(project.themes or []),
        _join(iati.dac_codes(project)),
        lead.name if lead else "",
        _join(p.authority.name for p in partners),
        _join(sorted({p.authority.country for p in partners})),
        project.planned_start,
        project.planned_end,
        project.actual_start,
        project.actual_end,
        project.updated_at,
        url,
        project.is_demo,
    ]


def _instrument_row(i) -> list:
    return [
        i.slug,
        i.name,
        i.funder,
        i.kind,
        i.is_active,
        _join(t.slug for t in i.themes.all()),
        i.periodicity,
        i.amounts,
        i.co_financing,
        i.who_may_lead,
        i.who_may_partner,
        i.website,
        len(i.rules.all()),
        _sources(i.sources),
        i.checked_on,
        i.unverified,
    ]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise
    description: Promise
    licence: tuple[str, str]
    columns: tuple[str, ...]
    records: Callable[[], Iterable]
    row: Callable[[object], list]


DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            "directory",
            _("Directory of authorities and networks"),
            _(
                "Every organisation of the directory with its official code, population, coordinates and the "
                "sources of each record. Reference data keep their own licences (DATA-LICENCES.md)."
            ),
            LICENCE_ODBL,
            (
                "id",
                "kind",
                "level",
                "country",
                "code",
                "code_scheme",
                "name",
                "name_latin",
                "acronym",
                "parent_id",
                "admin_area",
                "population",
                "population_year",
                "latitude",
                "longitude",
                "website",
                "sources",
                "unverified",
                "is_demo",
            ),
            selectors.directory_rows,
            _organisation_row,
        ),
        Dataset(
            "partnerships",
            _("Register of partnerships"),
            _("Twinnings, cooperation conventions and agreements between authorities, with their sources."),
            LICENCE_ETALAB,
            (
                "id",
                "kind",
                "status",
                "signed_on",
                "since_year",
                "renewed_on",
                "ends_on",
                "member_ids",
                "members",
                "countries",
                "themes",
                "sources",
                "unverified",
                "is_demo",
            ),
            selectors.partnership_rows,
            _partnership_row,
        ),
        Dataset(
            "projects",
            _("Public cooperation projects"),
            _("The projects their partners made public: phase, themes, DAC sectors, partners and dates."),
            LICENCE_ETALAB,
            (
                "id",
                "iati_identifier",
                "title",
                "title_language",
                "phase",
                "themes",
                "dac_sectors",
                "lead",
                "partners",
                "countries",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
                "updated_at",
                "url",
                "is_demo",
            ),
            selectors.public_project_rows,
            _project_row,
        ),
        Dataset(
            "funding",
            _("Catalogue of funding instruments"),
            _("Funding instruments open to local authorities, with their conditions as sources state them."),
            LICENCE_ETALAB,
            (
                "slug",
                "name",
                "funder",
                "kind",
                "is_active",
                "themes",
                "periodicity",
                "amounts",
                "co_financing",
                "who_may_lead",
                "who_may_partner",
                "website",
                "rules",
                "sources",
                "checked_on",
                "unverified",
            ),
            selectors.instrument_rows,
            _instrument_row,
        ),
    )
}
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _records(dataset: Dataset) -> Iterator:
    records = dataset.records()
    # Querysets with prefetches are read in chunks; memory does not grow with the table.
    return records.iterator(chunk_size=500) if hasattr(records, "iterator") else iter(records)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(dataset: Dataset) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(dataset.columns)
    for record in _records(dataset):
        yield writer.writerow([_safe_cell(v) for v in dataset.row(record)])


def xlsx_file(dataset: Dataset):
    """The dataset as an XLSX workbook in a temporary file (open, at position 0), with an 'About' sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(dataset.slug)
    sheet.append(list(dataset.columns))
    for record in _records(dataset):
        sheet.append([_safe_cell(v) for v in dataset.row(record)])
    about = workbook.create_sheet("about")
    name, url = dataset.licence
    for row in (
        ("dataset", str(dataset.title)),
        ("description", str(dataset.description)),
        ("licence", f"{name} {url}"),
        ("publisher", f"Mostovi {settings.SITE_URL}"),
        ("sources", "Column 'sources' of each row; reference data: DATA-LICENCES.md"),
    ):
        about.append([_safe_cell(v) for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse that streams it
    workbook.save(handle)
    handle.seek(0)
    return handle


def filename(dataset: Dataset, fmt: str) -> str:
    return f"mostovi-{dataset.slug}.{fmt}"


# --- sizes: measured when a file is generated in full ----------------------------------------------

IATI_KEY = "iati.xml"


def size_key(slug: str, fmt: str) -> str:
    return f"{slug}.{fmt}"


def iati_size_key(reporting_org: int | None) -> str:
    return f"{IATI_KEY}?reporting_org={reporting_org}" if reporting_org else IATI_KEY


def measured(chunks: Iterable[bytes | str], *, key: str) -> Iterator[bytes | str]:
    """The chunks unchanged; once the last has gone out, their byte count is recorded as the file's size.

    A download broken off half-way records nothing: the generator is closed before its end.
    """
    from .services import export_size_record

    total = 0
    for chunk in chunks:
        total += len(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        yield chunk
    export_size_record(key=key, size=total)


def file_size(handle) -> int:
    """The size of an open temporary file, left at position 0."""
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    return size


# --- the yearly aid declaration as a file -----------------------------------------------------------


def declaration_rows(declaration) -> Iterator[list]:
    for row in declaration.rows:
        yield [
            row["country"],
            row["oda_eligible"],
            row["sector"],
            row["aid_type"],
            row["channel"],
            row["amount_eur"],
        ]


def declaration_csv(declaration) -> str:
    from .declaration import COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in declaration_rows(declaration):
        writer.writerow([_safe_cell(str(v) if isinstance(v, Decimal) else v) for v in row])
    return buffer.getvalue()


def declaration_xlsx(declaration) -> bytes:
    from .declaration import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"aid {declaration.year}")
    sheet.append(list(COLUMNS))
    for row in declaration_rows(declaration):
        sheet.append([_safe_cell(v) if not isinstance(v, Decimal) else v for v in row])
    warnings = workbook.create_sheet("warnings")
    for warning in declaration.warnings:
        warnings.append([_safe_cell(warning)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
