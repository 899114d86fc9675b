"""Open-data endpoints (`docs/API.md`): the yearly aid declaration of a French authority."""

from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import MAX_ID, ErrorOut

from . import exports, iati_read
from .declaration import DeclarationRefused, declaration_for
from .services import ImportInvalid, iati_import

router = Router(tags=["open data"])


class DeclarationRowOut(Schema):
    country: str = Field(description="ISO 3166-1 alpha-2 of the recipient country; empty when none is known.")
    oda_eligible: bool = Field(description="On the OECD DAC List of ODA Recipients.")
    sector: str = Field(description="OECD DAC 5-digit purpose code; empty when the project has none.")
    aid_type: str = Field(
        description="OECD CRS aid type (C01 project-type interventions, D02 technical assistance)."
    )
    channel: str = Field(description="OECD CRS channel of delivery code.")
    amount_eur: Decimal


class DeclarationOut(Schema):
    authority_id: int
    year: int
    rows: list[DeclarationRowOut]
    warnings: list[str]
    total_eur: Decimal
    oda_eur: Decimal


@router.get(
    "/authorities/{authority_id}/aid-declaration",
    response={200: DeclarationOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A French authority's development aid of a year, for the e-APD declaration",
)
def aid_declaration_get(
    request,
    authority_id: int,
    year: int = Query(..., description="The year of the aid declared (N-1 in the spring of year N)."),
    format: str | None = Query(None, description="`csv` or `xlsx` for a file; JSON otherwise."),
):
    user = require_user(request)
    if format not in (None, "", "json", "csv", "xlsx"):
        raise HttpError(422, _("format must be csv or xlsx."))
    if not 1 <= authority_id <= MAX_ID:
        raise HttpError(404, _("No authority has this id."))
    try:
        _authority, declaration = declaration_for(user=user, authority_id=authority_id, year=year)
    except DeclarationRefused as refusal:
        raise HttpError(refusal.status, refusal.message) from None
    name = f"aid-declaration-{authority_id}-{year}"
    if format == "csv":
        response = HttpResponse(
            exports.declaration_csv(declaration), content_type=exports.CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if format == "xlsx":
        response = HttpResponse(
            exports.declaration_xlsx(declaration), content_type=exports.CONTENT_TYPES["xlsx"]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return {
        "authority_id": declaration.authority_id,
        "year": declaration.year,
        "rows": declaration.rows,
        "warnings": declaration.warnings,
        "total_eur": declaration.total_eur,
        "oda_eur": declaration.oda_eur,
    }


class ImportNotKeptOut(Schema):
    element: str = Field(description="The IATI element (`@name` for an attribute of the activity).")
    count: int
    reason: str


class ImportCreatedOut(Schema):
    identifier: str
    project_id: int | None = Field(description="Null in a dry run.")
    title: str
    partners: list[int]
    set: list[str] = Field(description="What was written besides the title: texts, dates, sectors.")
    kept: dict[str, int] = Field(
        description="IATI elements kept as published and written back by the export, with their number."
    )
    not_kept: list[ImportNotKeptOut] = Field(description="What the platform does not keep, and why.")


class ImportUpdatedOut(Schema):
    identifier: str
    project_id: int
    changes: list[str] = Field(description="Fields written; `kept:<element>` for elements kept as published.")
    not_kept: list[ImportNotKeptOut]


class ImportSkippedOut(Schema):
    identifier: str
    reason: str


class ImportOut(Schema):
    dry_run: bool
    created: list[ImportCreatedOut]
    updated: list[ImportUpdatedOut]
    skipped: list[ImportSkippedOut]


class ImportErrorOut(Schema):
    detail: str
    errors: list[str]


@router.post(
    "/iati/import",
    response={200: ImportOut, 401: ErrorOut, 422: ImportErrorOut},
    summary="Import IATI 2.03 activities: create or update projects (dry_run previews)",
)
def iati_import_post(
    request,
    file: File[UploadedFile],
    dry_run: Form[bool] = True,
    authority_id: Form[int | None] = None,
):
    """Each activity creates a project or updates the one it came from; skipped ones say why.

    `dry_run` (true by default) does everything and rolls back: the answer is exactly what a real import
    would do. A file that is not valid IATI 2.03 changes nothing and answers 422 with the schema's errors.
    `authority_id` names the authority that holds the projects made from activities naming none of the
    directory's authorities (by default the caller's only authority).
    """
    user = require_user(request)
    if authority_id is not None and not 1 <= authority_id <= MAX_ID:
        return 422, {"detail": _("No authority has this id."), "errors": []}
    if file.size is not None and file.size > iati_read.MAX_BYTES:
        return 422, {"detail": _("The file is too large (5 MB at most)."), "errors": []}
    try:
        report = iati_import(
            actor=user,
            content=file.read(iati_read.MAX_BYTES + 1),
            dry_run=dry_run,
            authority_id=authority_id,
        )
    except ImportInvalid as invalid:
        return 422, {"detail": invalid.message, "errors": invalid.errors}
    return report.as_dict()
