"""The plan pages: amounts typed in the reader's language, field errors, the 409 conflict page."""

from decimal import Decimal

import pytest
from django.utils import translation

from mostovi.funding.models import FundingPlanVersion
from mostovi.funding.plans.forms import LocaleDecimalField, LocalePercentField

from .test_plan_world import plan_world, save_balanced

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "typed", "expected"),
    [
        ("fr", "12 500,50", "12500.50"),
        ("fr", "12\u202f500,50", "12500.50"),
        ("fr", "12500,5", "12500.50"),
        ("sr", "12.500,50", "12500.50"),
        ("bg", "12.500,50", "12500.50"),
        ("bg", "12 500,50", "12500.50"),
        ("en", "12,500.50", "12500.50"),
        ("en", "12500", "12500.00"),
    ],
)
def test_amounts_in_the_locale(language, typed, expected):
    with translation.override(language):
        assert LocaleDecimalField().clean(typed) == Decimal(expected)


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("fr", "12,500.50", "Write the number as in 12 500,50: “,” before the decimals."),
        ("fr", "12.50", "Write the number as in 12 500,50: “,” before the decimals."),
        ("sr", "12,500.50", "Write the number as in 12.500,50: “,” before the decimals."),
        ("en", "12.500,50", "Write the number as in 12,500.50: “.” before the decimals."),
        ("en", "12,50", "Write the number as in 12,500.50: “.” before the decimals."),
        ("en", "-5", "Enter a positive amount (no minus sign)."),
        ("en", "200000000000", "This amount is larger than 100,000,000,000.00: check the figure."),
    ],
)
def test_wrong_amounts_get_a_clear_error(language, typed, message):
    from django.core.exceptions import ValidationError

    with translation.override(language), pytest.raises(ValidationError) as caught:
        LocaleDecimalField().clean(typed)
    with translation.override("en"):
        assert caught.value.messages == [message]


def test_a_rate_over_100_percent():
    from django.core.exceptions import ValidationError

    with translation.override("en"):
        assert LocalePercentField().clean("50") == Decimal("50")
        with pytest.raises(ValidationError) as caught:
            LocalePercentField().clean("120")
        assert caught.value.messages == ["A rate cannot be more than 100 %."]


def form_data(world, instrument, version=0, amount="60 000,00", **extra):
    data = {
        "version": str(version),
        "rate_date": "2027-01-15",
        "note": "",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "staff",
        "lines-0-label": "Ingénieurs",
        "lines-0-partner": str(world.lyon.pk),
        "lines-0-amount": amount,
        "lines-0-currency": "EUR",
        "lines-1-category": "equipment",
        "lines-1-label": "Мерачи",
        "lines-1-partner": str(world.nis.pk),
        "lines-1-amount": "4 688 000",
        "lines-1-currency": "rsd",
        "lines-2-category": "staff",
        "lines-2-partner": str(world.lyon.pk),
        "lines-2-currency": "EUR",
        "sources-TOTAL_FORMS": "4",
        "sources-INITIAL_FORMS": "0",
        "sources-0-kind": "grant",
        "sources-0-instrument": str(instrument.pk),
        "sources-0-partner": str(world.lyon.pk),
        "sources-0-rate": "50",
        "sources-0-currency": "EUR",
        "sources-1-kind": "own_cash",
        "sources-1-partner": str(world.lyon.pk),
        "sources-1-amount": "30 000",
        "sources-1-currency": "EUR",
        "sources-2-kind": "in_kind",
        "sources-2-partner": str(world.lyon.pk),
        "sources-2-amount": "10 000",
        "sources-2-currency": "EUR",
        "sources-2-valuation": "20 jours d'ingénieur",
        "sources-3-kind": "in_kind",
        "sources-3-partner": str(world.nis.pk),
        "sources-3-amount": "1 172 000",
        "sources-3-currency": "RSD",
        "sources-3-valuation": "Просторије",
    }
    data.update(extra)
    return data


def test_the_plan_typed_in_french_is_saved_balanced(client):
    world, project, instrument = plan_world()
    client.force_login(world.officer_lyon)
    response = client.post(f"/fr/funding/projects/{project.pk}/plan/edit/", form_data(world, instrument))
    assert response.status_code == 302, response.content.decode()[-3000:]
    version = FundingPlanVersion.objects.get()
    grant = version.sources.get(kind="grant")
    assert grant.amount == Decimal("50000.00")  # 50 % of the total cost
    page = client.get(f"/en/funding/projects/{project.pk}/plan/").content.decode()
    assert 'data-testid="plan-balanced"' in page and "100,000.00 EUR" in page
    assert "1 EUR = 117.2 RSD" in page


def test_a_wrong_amount_keeps_everything_typed(client):
    world, project, instrument = plan_world()
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/fr/funding/projects/{project.pk}/plan/edit/", form_data(world, instrument, amount="60,000.00")
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "60,000.00" in page and "Ingénieurs" in page and "Просторије" in page
    assert not FundingPlanVersion.objects.exists()


def test_two_people_edit_at_once_the_second_gets_the_conflict_page(client):
    world, project, instrument = plan_world()
    save_balanced(world, project, instrument)
    client.force_login(world.officer_nis)
    stale = form_data(world, instrument, version=0, amount="61 000,00")
    response = client.post(f"/fr/funding/projects/{project.pk}/plan/edit/", stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'id="conflict"' in page
    assert "61 000,00" in page  # what they typed is still in the form
    assert 'name="version" value="1"' in page
    assert FundingPlanVersion.objects.count() == 1


def test_the_plan_page_is_404_for_outsiders_and_lists_problems(client):
    world, project, instrument = plan_world()
    client.force_login(world.outsider)
    assert client.get(f"/en/funding/projects/{project.pk}/plan/").status_code == 404
    client.force_login(world.officer_lyon)
    data = form_data(world, instrument, **{"sources-1-amount": "25 000"})
    assert client.post(f"/fr/funding/projects/{project.pk}/plan/edit/", data).status_code == 302
    page = client.get(f"/en/funding/projects/{project.pk}/plan/").content.decode()
    assert "The funding plan is not balanced: sources 95,000.00 EUR, costs 100,000.00 EUR." in page
    summary = client.get(f"/en/funding/projects/{project.pk}/plan/summary/").content.decode()
    assert "The funding plan is not balanced" in summary
