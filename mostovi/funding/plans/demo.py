"""A demo funding plan on the demo Lyon–Niš project: balanced, in EUR and RSD, approved by both partners; and
Lyon's payments of 2026 on it (`demo_transactions_ensure`), which its e-APD figures for 2026 and the IATI file
show (Serbia, water: DAC 14020 and 14010, the project's sectors).

The RSD rate is a demo value: the page says so (its source note), never an official rate. The plan is written
and approved in January 2026, the payments recorded in February and May 2026, at the story's dates
(`core.events.story_dates`).
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_noop

from mostovi.core.events import story_dates
from mostovi.directory.models import Organisation
from mostovi.projects.demo import water_lead
from mostovi.projects.models import Project
from mostovi.projects.selectors import project_get_for_page

from ..models import Instrument, TransactionType
from . import selectors, services

RATE_DATE = date(2026, 1, 15)
DEMO_RSD_RATE = Decimal("117.2")


def demo_funding_plan_ensure(*, users: dict, organisations: dict) -> list[str]:
    lyon, nis = water_lead(organisations), organisations.get("RS:city:Niš")
    if not isinstance(lyon, Organisation) or not isinstance(nis, Organisation):
        return ["demo funding plan skipped: Lyon or Niš is not in the directory"]
    project = (
        Project.objects.filter(is_demo=True, partners__authority=lyon)
        .filter(partners__authority=nis)
        .order_by("id")
        .first()
    )
    if project is None:
        return ["demo funding plan skipped: no demo Lyon–Niš project"]
    project = project_get_for_page(pk=project.pk)
    if selectors.plan_number(project=project):
        return ["demo funding plan already there"]
    officer_lyon = users["officer.lyon@example.org"]
    if not selectors.rates_on(["RSD"], RATE_DATE, project=project):
        with story_dates(date(2026, 1, 10)):
            services.exchange_rate_set(
                actor=officer_lyon,
                currency="RSD",
                on=date(2026, 1, 10),
                units_per_eur=DEMO_RSD_RATE,
                source=gettext_noop("demo rate — enter the official NBS rate"),
                project=project,
            )
    instrument = Instrument.objects.filter(slug__icontains="dctciv").order_by("id").first()
    # 100 000 EUR of costs: 60 000 EUR in Lyon, 4 688 000 RSD (40 000 EUR at the demo rate) in Niš.
    lines = [
        {
            "category": "staff",
            "label": "Ingénieurs de la Métropole (missions d'appui)",
            "partner_id": lyon.pk,
            "amount": "35000",
            "currency": "EUR",
        },
        {
            "category": "travel",
            "label": "Missions Lyon–Niš",
            "partner_id": lyon.pk,
            "amount": "25000",
            "currency": "EUR",
        },
        {
            "category": "equipment",
            "label": "Мерачи протока за секторе",
            "partner_id": nis.pk,
            "amount": "4688000",
            "currency": "RSD",
        },
    ]
    sources = []
    lyon_cash = "80000"
    if instrument is not None:
        sources.append(
            {
                "kind": "grant",
                "instrument_id": instrument.pk,
                "partner_id": lyon.pk,
                "amount": "50000",
                "currency": "EUR",
            }
        )
        lyon_cash = "30000"
    sources += [
        {"kind": "own_cash", "partner_id": lyon.pk, "amount": lyon_cash, "currency": "EUR"},
        {
            "kind": "in_kind",
            "partner_id": lyon.pk,
            "amount": "10000",
            "currency": "EUR",
            "valuation": "20 jours d'ingénieur à 500 EUR par jour",
        },
        {
            "kind": "in_kind",
            "partner_id": nis.pk,
            "amount": "1172000",
            "currency": "RSD",
            "valuation": "Просторије и рад техничара: 80 дана по 14 650 RSD",
        },
    ]
    with story_dates(RATE_DATE):
        plan = services.plan_update(
            actor=officer_lyon,
            project=project,
            version=0,
            rate_date=RATE_DATE,
            lines=lines,
            sources=sources,
            note="Plan de démonstration — montants fictifs.",
        )
    state = selectors.plan_state(project=project_get_for_page(pk=project.pk))
    if state.problems:
        return [f"demo funding plan v{plan.number} saved with problems: {'; '.join(state.problems)}"]
    approved = []
    for email, authority, on in (
        ("elected.lyon@example.org", lyon, date(2026, 1, 16)),
        ("elected.nis@example.org", nis, date(2026, 1, 19)),
    ):
        user = users.get(email)
        if user is not None:
            with story_dates(on):
                services.plan_approve(
                    actor=user, project=project, authority_id=authority.pk, version=plan.number
                )
            approved.append(str(authority))
    grant = "with a DCTCIV grant" if instrument is not None else "without grant (no DCTCIV in the catalogue)"
    return [f"demo funding plan v{plan.number} on #{project.pk} {grant}, approved by {', '.join(approved)}"]


def _lyon_nis(organisations: dict):
    lyon, nis = water_lead(organisations), organisations.get("RS:city:Niš")
    if not isinstance(lyon, Organisation) or not isinstance(nis, Organisation):
        return None, lyon, nis
    project = (
        Project.objects.filter(is_demo=True, partners__authority=lyon)
        .filter(partners__authority=nis)
        .order_by("id")
        .first()
    )
    return project, lyon, nis


def demo_transactions_ensure(*, users: dict, organisations: dict) -> list[str]:
    """Lyon's payments of 2026 on the demo Lyon–Niš project: a disbursement to Niš, its own mission costs."""
    project, lyon, nis = _lyon_nis(organisations)
    if project is None:
        return ["demo transactions skipped: no demo Lyon–Niš project"]
    if project.transactions.exists():
        return ["demo transactions already there"]
    officer_lyon = users["officer.lyon@example.org"]
    payments = (
        (
            date(2026, 2, 16),
            TransactionType.DISBURSEMENT,
            "15000",
            nis.pk,
            "Première tranche versée à Niš : compteurs de secteur (démonstration)",
        ),
        (
            date(2026, 5, 20),
            TransactionType.EXPENDITURE,
            "8400",
            None,
            "Mission d'appui des ingénieurs de la Métropole à Niš (démonstration)",
        ),
    )
    for on, kind, amount, receiver_id, description in payments:
        with story_dates(on):
            services.transaction_record(
                actor=officer_lyon,
                project=project,
                type=kind,
                date=on,
                amount=amount,
                currency="EUR",
                provider_id=lyon.pk,
                receiver_id=receiver_id,
                description=description,
            )
    return [f"demo transactions of 2026 recorded on #{project.pk} (Lyon → Niš, 23 400 EUR)"]
