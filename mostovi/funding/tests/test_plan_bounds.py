"""Bounds of the funding plan's texts and dates (core.text): nothing written, every reason said."""

from datetime import date

import pytest
from django.utils import translation

from mostovi.funding.models import FundingPlanVersion, Transaction
from mostovi.funding.plans import services as plan_services
from mostovi.projects.exceptions import InvalidInput

from .test_plan_world import RATE_DATE, balanced_rows, plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _save(world, project, instrument, *, note="", rate_date=RATE_DATE, line=None, source=None):
    lines, sources = balanced_rows(world, instrument)
    lines[0] |= line or {}
    sources[2] |= source or {}
    return plan_services.plan_update(
        actor=world.officer_lyon,
        project=project,
        version=0,
        rate_date=rate_date,
        lines=lines,
        sources=sources,
        note=note,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"note": "x" * 20_001}, "Note: 20000 characters at most"),
        ({"note": "Note\x00"}, "control characters"),
        ({"line": {"label": "Ingénieurs\r\nBcc: x"}}, "one line only"),
        ({"line": {"label": "x" * 256}}, "255 characters at most"),
        ({"source": {"valuation": "x" * 20_001}}, "20000 characters at most"),
        ({"rate_date": date(1, 1, 1)}, "Dates must fall between 1950 and 2100"),
        ({"rate_date": "9999-12-31"}, "Dates must fall between 1950 and 2100"),
    ],
)
def test_plan_texts_and_dates_are_bounded(change, message):
    world, project, instrument = plan_world()
    with pytest.raises(InvalidInput, match=message):
        _save(world, project, instrument, **change)
    assert not FundingPlanVersion.objects.exists()


def test_too_many_budget_lines_are_refused():
    world, project, instrument = plan_world()
    lines, sources = balanced_rows(world, instrument)
    with pytest.raises(InvalidInput, match="500 rows at most"):
        plan_services.plan_update(
            actor=world.officer_lyon,
            project=project,
            version=0,
            rate_date=RATE_DATE,
            lines=lines * 251,
            sources=sources,
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"description": "Virement\r\nX"}, "one line only"),
        ({"date": date(9999, 1, 1)}, "Dates must fall between 1950 and 2100"),
    ],
)
def test_a_transaction_is_bounded(change, message):
    world, project, instrument = plan_world()
    fields = {
        "actor": world.officer_lyon,
        "project": project,
        "type": "1",
        "date": date(2027, 2, 1),
        "amount": "20000",
        "currency": "EUR",
        "receiver_id": world.lyon.pk,
        "instrument_id": instrument.pk,
    }
    with pytest.raises(InvalidInput, match=message):
        plan_services.transaction_record(**(fields | change))
    assert not Transaction.objects.exists()


def test_a_proposed_change_to_the_catalogue_is_bounded():
    from mostovi.accounts.tests.factories import UserFactory
    from mostovi.funding.catalogue import services
    from mostovi.funding.catalogue.services import InvalidInput as CatalogueInvalid
    from mostovi.funding.models import ChangeProposal

    staff = UserFactory(is_staff=True)
    with pytest.raises(CatalogueInvalid, match="Proposed change: 20000 characters at most"):
        services.proposal_create(actor=staff, instrument=None, text="x" * 20_001)
    with pytest.raises(CatalogueInvalid, match="one line only"):
        services.proposal_create(actor=staff, instrument=None, text="Fix", source="https://x.example\r\nX")
    assert not ChangeProposal.objects.exists()
