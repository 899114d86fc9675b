"""The yearly declaration of official development assistance of a French authority (e-APD).

French local authorities declare every spring the aid they paid in year N-1 (CGCT art. L1115-6; the e-APD
campaign runs from 15 April to 31 May). This module computes the figures from the transactions recorded in the
funding plans; docs/OPEN-DATA.md gives the source of every category and rule:

- the aid of an authority is what it paid: disbursements (IATI TransactionType 3) and expenditures (4) whose
  provider is that authority, dated in the year, on projects that are not deleted;
- amounts are in euros; another currency is converted at the latest rate recorded on or before the transaction
  date (funding app's exchange rates), and a transaction without such a rate is left out with a warning;
- the recipient country is the receiver's when it is outside France, else the project's partner countries
  outside France (the amount shared equally between them);
- the sector is the project's DAC 5-digit purpose codes, else those of its themes (themes/catalogue.py), the
  amount shared equally between them;
- ODA eligibility follows the OECD DAC List of ODA Recipients (flows of 2024 and 2025): the Western Balkans
  are on it; Bulgaria and France, members of the European Union, are not;
- type of aid (OECD CRS AidType): D02 "other technical assistance" for a transaction of a technical-assistance
  instrument, else C01 "project-type interventions";
- channel of delivery (OECD CRS channel codes) from the receiver: 12002 recipient-country local government,
  11002 donor-country (French) local government or none named (the authority spends itself), 22000
  donor-country NGO, 23000 developing-country NGO, 20000 networks and other civil society, 10000 other public
  bodies.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from mostovi.directory.models import Organisation, OrganisationKind
from mostovi.funding.models import ExchangeRate, Transaction, TransactionType

from . import iati
from .permissions import can_view_aid_declaration

CENT = Decimal("0.01")
PAID = (TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE)

# OECD DAC List of ODA Recipients, effective for reporting on 2024 and 2025 flows, for the countries of the
# platform (directory.Country): https://www.oecd.org/dac/financing-sustainable-development/development-finance-standards/daclist.htm
ODA_ELIGIBLE = {
    "AL": True,
    "BA": True,
    "ME": True,
    "MK": True,
    "RS": True,
    "XK": True,
    "BG": False,
    "FR": False,
}

AID_PROJECT, AID_TECHNICAL_ASSISTANCE = "C01", "D02"
CHANNEL_PUBLIC, CHANNEL_DONOR_LOCAL, CHANNEL_RECIPIENT_LOCAL = "10000", "11002", "12002"
CHANNEL_CIVIL_SOCIETY, CHANNEL_DONOR_NGO, CHANNEL_RECIPIENT_NGO = "20000", "22000", "23000"

COLUMNS = ("country", "oda_eligible", "sector", "aid_type", "channel", "amount_eur")


@dataclass
class Declaration:
    authority_id: int
    year: int
    rows: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def total_eur(self) -> Decimal:
        return sum((row["amount_eur"] for row in self.rows), Decimal(0))

    @property
    def oda_eur(self) -> Decimal:
        return sum((row["amount_eur"] for row in self.rows if row["oda_eligible"]), Decimal(0))


def _split(amount: Decimal, parts: list) -> list[tuple[object, Decimal]]:
    """Equal shares to the cent; the last share takes the remainder so the total is unchanged."""
    if not parts:
        return [(None, amount)]
    share = (amount / len(parts)).quantize(CENT, rounding=ROUND_HALF_UP)
    shares = [share] * len(parts)
    shares[-1] = amount - share * (len(parts) - 1)
    return list(zip(parts, shares, strict=True))


def _channel(receiver) -> str:
    if receiver is None:
        return CHANNEL_DONOR_LOCAL
    french = receiver.country == "FR"
    if receiver.kind == "local_authority":
        return CHANNEL_DONOR_LOCAL if french else CHANNEL_RECIPIENT_LOCAL
    if receiver.kind == "ngo":
        return CHANNEL_DONOR_NGO if french else CHANNEL_RECIPIENT_NGO
    if receiver.kind == "network":
        return CHANNEL_CIVIL_SOCIETY
    return CHANNEL_PUBLIC


def _aid_type(transaction) -> str:
    instrument = transaction.instrument
    if instrument is not None and instrument.kind == "technical_assistance":
        return AID_TECHNICAL_ASSISTANCE
    return AID_PROJECT


def _countries(transaction) -> list[str]:
    receiver = transaction.receiver
    if receiver is not None and receiver.country and receiver.country != "FR":
        return [receiver.country]
    partners = transaction.project.partners.all()
    return sorted({p.authority.country for p in partners if p.authority.country not in ("", "FR")})


class _Rates:
    """The exchange rates of the currencies used, read once; the latest on or before a day wins."""

    def __init__(self, currencies: set[str]) -> None:
        self.table: dict[str, list] = defaultdict(list)
        for rate in ExchangeRate.objects.filter(currency__in=currencies - {"EUR"}).order_by("on"):
            self.table[rate.currency].append(rate)

    def to_eur(self, amount: Decimal, currency: str, on: date) -> Decimal | None:
        if currency == "EUR":
            return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
        usable = [r for r in self.table.get(currency, []) if r.on <= on]
        if not usable:
            return None
        return (Decimal(amount) / usable[-1].units_per_eur).quantize(CENT, rounding=ROUND_HALF_UP)


def transactions_of(*, authority, year: int) -> list[Transaction]:
    return list(
        Transaction.objects.alive()
        .filter(
            provider=authority,
            type__in=PAID,
            date__year=year,
            project__deleted_at__isnull=True,
        )
        .select_related("receiver", "instrument", "project")
        .prefetch_related("project__partners__authority")
        .order_by("date", "id")
    )


def aid_declaration(*, authority, year: int) -> Declaration:
    """`authority`'s figures for `year`: amounts by country, sector, aid type and channel; warnings."""
    declaration = Declaration(authority_id=authority.pk, year=year)
    transactions = transactions_of(authority=authority, year=year)
    rates = _Rates({t.currency for t in transactions})
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    for transaction in transactions:
        label = _("transaction of %(date)s on project #%(project)s") % {
            "date": transaction.date.isoformat(),
            "project": transaction.project_id,
        }
        amount = rates.to_eur(transaction.amount, transaction.currency, transaction.date)
        if amount is None:
            declaration.warnings.append(
                _("No exchange rate for %(currency)s on or before that day: %(label)s is left out.")
                % {"currency": transaction.currency, "label": label}
            )
            continue
        countries = _countries(transaction)
        if not countries:
            declaration.warnings.append(
                _("No recipient country outside France: %(label)s is declared without a country.")
                % {"label": label}
            )
        for country in countries:
            if country not in ODA_ELIGIBLE:
                declaration.warnings.append(
                    _("%(country)s is not a country whose place on the DAC list is known here (%(label)s).")
                    % {"country": country, "label": label}
                )
        sectors = iati.dac_codes(transaction.project)
        if not sectors:
            declaration.warnings.append(
                _("No DAC sector: %(label)s is declared without a sector.") % {"label": label}
            )
        aid_type, channel = _aid_type(transaction), _channel(transaction.receiver)
        for country, by_country in _split(amount, countries):
            for sector, share in _split(by_country, sectors):
                totals[(country or "", sector or "", aid_type, channel)] += share
    for (country, sector, aid_type, channel), amount in sorted(totals.items()):
        declaration.rows.append(
            {
                "country": country,
                "oda_eligible": ODA_ELIGIBLE.get(country, False),
                "sector": sector,
                "aid_type": aid_type,
                "channel": channel,
                "amount_eur": amount,
            }
        )
    return declaration


FIRST_YEAR = 2000


class DeclarationRefused(Exception):
    """Why a declaration cannot be shown: an HTTP `status` (404, 403, 422) and a translated `message`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def declaration_for(*, user, authority_id: int, year: int):
    """The authority and its declaration for `year`, after the checks the page and the API share.

    Raises DeclarationRefused: 404 no such authority, 403 not a member, 422 not French or a year out of range.
    """
    authority = (
        Organisation.objects.alive().filter(pk=authority_id, kind=OrganisationKind.LOCAL_AUTHORITY).first()
    )
    if authority is None:
        raise DeclarationRefused(404, _("No authority has this id."))
    if not can_view_aid_declaration(user, authority):
        raise DeclarationRefused(403, _("Only the members of this authority can read its aid declaration."))
    if authority.country != "FR":
        raise DeclarationRefused(
            422, _("The yearly declaration of development aid concerns French authorities only.")
        )
    last = date.today().year
    if not FIRST_YEAR <= year <= last:
        raise DeclarationRefused(
            422, _("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": last}
        )
    return authority, aid_declaration(authority=authority, year=year)
