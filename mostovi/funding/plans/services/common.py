"""What the funding plan's services share: their errors, input checks and the event record."""

from datetime import date
from decimal import Decimal

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from mostovi.core import approvals, text
from mostovi.core.services import event_record
from mostovi.projects import exceptions as project_errors
from mostovi.projects.exceptions import NotAllowed, StaleVersion
from mostovi.projects.models import Project
from mostovi.projects.selectors import project_get_for_page

MAX_RATE_UNITS = Decimal("1000000000")
MAX_IMPORT_LINES = 5000
MAX_REMINDER_DAYS = 90
# Budget lines, and funding sources, in one version of a plan.
MAX_ROWS = 500


class InvalidInput(project_errors.InvalidInput):
    """The input cannot be saved (422); the API lists the reason in `errors` too."""

    lists_reasons = True


# The approval building block raises the projects' exceptions (409 and 422).
APPROVAL_ERRORS = approvals.ApprovalErrors(stale=StaleVersion, invalid=InvalidInput)


class PlanInvalid(InvalidInput):
    """The input cannot be saved; `errors` lists every reason (each names its line)."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(self.errors[0] if self.errors else "")


def _record(actor, kind: str, project, target, **data) -> None:
    event_record(actor=actor, kind=kind, target=target, scope=project, data=data)


def _lock(project) -> None:
    Project.objects.select_for_update().filter(pk=project.pk).first()


def _reload(project) -> Project:
    return project_get_for_page(pk=project.pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _as_date(value, message: str) -> date:
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value or "")) if value else None
    if parsed is None:
        raise InvalidInput(message)
    return parsed


def _int_or_none(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # never a valid id: named as an error by the validation


def _refused(message: str) -> PlanInvalid:
    return PlanInvalid([message])


def _label(value, number: int) -> str:
    what = _("Budget line %(number)s, label") % {"number": number}
    return text.clean_line(value, what=what, error=_refused, limit=255)


def _valuation(value, number: int) -> str:
    what = _("Funding source %(number)s, valuation") % {"number": number}
    return text.clean_text(value, what=what, error=_refused)


def _normalise(lines: list[dict], sources: list[dict]) -> tuple[list[dict], list[dict]]:
    """The rows as the validation reads them (ids as ints, currencies upper-case, texts checked)."""
    for rows in (lines, sources):
        if not isinstance(rows, list) or len(rows) > MAX_ROWS or not all(isinstance(x, dict) for x in rows):
            raise PlanInvalid([_("A plan holds %(max)s rows at most of each kind.") % {"max": MAX_ROWS}])
    clean_lines = [
        {
            "category": str(x.get("category") or ""),
            "label": _label(x.get("label"), number),
            "partner_id": _int_or_none(x.get("partner_id")),
            "activity_id": _int_or_none(x.get("activity_id")),
            "amount": x.get("amount"),
            "currency": str(x.get("currency") or "EUR").strip().upper()[:3],
        }
        for number, x in enumerate(lines, start=1)
    ]
    clean_sources = [
        {
            "kind": str(x.get("kind") or ""),
            "instrument_id": _int_or_none(x.get("instrument_id")),
            "partner_id": _int_or_none(x.get("partner_id")),
            "amount": x.get("amount"),
            "currency": str(x.get("currency") or "EUR").strip().upper()[:3],
            "valuation": _valuation(x.get("valuation"), number),
        }
        for number, x in enumerate(sources, start=1)
    ]
    return clean_lines, clean_sources


def _submitted(rate_date, note, lines, sources) -> dict:
    def plain(item: dict) -> dict:
        return {k: (str(x) if isinstance(x, Decimal | date) else x) for k, x in item.items()}

    return {
        "rate_date": rate_date.isoformat() if isinstance(rate_date, date) else str(rate_date or ""),
        "note": note or "",
        "lines": [plain(x) for x in lines],
        "sources": [plain(x) for x in sources],
    }
