"""Transactions recorded against the plan (planned against actual)."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.core import text
from mostovi.directory.models import Organisation
from mostovi.funding.models import (
    Instrument,
    Transaction,
    TransactionType,
)

from .. import permissions
from .. import validation as v
from .common import PlanInvalid, _as_date, _record, _refused, _reload, _require

# --- transactions -------------------------------------------------------------------------------


@transaction.atomic
def transaction_record(
    *,
    actor,
    project,
    type: str,
    date,
    amount,
    currency: str,
    provider_id: int | None = None,
    receiver_id: int | None = None,
    instrument_id: int | None = None,
    description: str = "",
) -> Transaction:
    """Record money committed, received or spent (IATI transaction types)."""
    project = _reload(project)
    _require(
        permissions.can_record_transaction(actor, project),
        _("Only members of a partner authority can edit."),
    )
    errors = []
    if str(type) not in TransactionType.values:
        errors.append(_("Unknown kind of transaction."))
    day = _as_date(date, _("Give the date of the transaction (YYYY-MM-DD)."))
    text.check_dates(day, error=_refused)
    description = text.clean_line(description, what=_("Description"), error=_refused, limit=255)
    value = amount if isinstance(amount, Decimal) else v.parse_amount(amount)
    reason = v.amount_error(value)
    if reason:
        errors.append(_("Amount: %(reason)s.") % {"reason": reason})
    code = str(currency or "").strip().upper()
    if code not in v.known_currencies():
        errors.append(_("Unknown currency “%(code)s”.") % {"code": str(currency or "")[:10]})
    organisations = {i for i in (provider_id, receiver_id) if i}
    found = set(Organisation.objects.alive().filter(pk__in=organisations).values_list("pk", flat=True))
    if organisations - found:
        errors.append(_("The provider or the receiver is not in the directory."))
    if instrument_id and not Instrument.objects.filter(pk=instrument_id).exists():
        errors.append(_("Unknown funding instrument."))
    if errors:
        raise PlanInvalid(errors)
    record = Transaction.objects.create(
        project=project,
        type=str(type),
        date=day,
        amount=value.quantize(v.CENT),
        currency=code,
        provider_id=provider_id or None,
        receiver_id=receiver_id or None,
        instrument_id=instrument_id or None,
        description=description,
        created_by=actor,
    )
    _record(
        actor,
        "funding.transaction_recorded",
        project,
        record,
        type=record.type,
        amount=str(record.amount),
        currency=record.currency,
        date=record.date.isoformat(),
    )
    return record
