"""Open-data endpoints (`docs/API.md`): the yearly aid declaration of a French authority."""

from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import MAX_ID, ErrorOut

from . import exports
from .declaration import DeclarationRefused, declaration_for

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
