"""The yearly aid declaration (e-APD) of a French authority, computed from the recorded transactions."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from mostovi.accounts.services import api_token_create
from mostovi.funding.models import ExchangeRate, Transaction
from mostovi.projects.models import Project
from mostovi.projects.tests.factories import make_project, make_world


@pytest.fixture(autouse=True)
def _english(client):
    """The messages asserted here are the English ones."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


pytestmark = pytest.mark.django_db


def _pay(project, provider, *, amount, receiver=None, type="3", on=date(2025, 5, 1), currency="EUR", actor):
    return Transaction.objects.create(
        project=project, type=type, date=on, amount=Decimal(amount), currency=currency,
        provider=provider, receiver=receiver, created_by=actor,
    )  # fmt: skip


@pytest.fixture
def declared():
    world = make_world()
    water = make_project(world)
    Project.objects.filter(pk=water.pk).update(themes=["waste"])  # DAC 14050
    sofia = make_project(world, title="Culture à Sofia", partner_ids=[world.lyon.pk, world.sofia.pk])
    Project.objects.filter(pk=sofia.pk).update(dac_sectors=["16061"])
    bare = make_project(world, title="Sans secteur")
    lyon, actor = world.lyon, world.officer_lyon
    _pay(water, lyon, amount="1000", receiver=world.nis, actor=actor)
    _pay(water, lyon, amount="500", type="4", actor=actor)  # spent by Lyon itself, for Niš
    _pay(sofia, lyon, amount="300", receiver=world.sofia, actor=actor)
    _pay(bare, lyon, amount="200", receiver=world.nis, actor=actor)
    ExchangeRate.objects.create(currency="RSD", on=date(2025, 1, 1), units_per_eur=Decimal("117"))
    _pay(water, lyon, amount="11700", currency="RSD", receiver=world.nis, actor=actor)
    _pay(water, lyon, amount="9", currency="MKD", receiver=world.nis, actor=actor)  # no rate: left out
    # Not Lyon's aid of 2025: a commitment, another year, a payment by Niš, a deleted transaction.
    _pay(water, lyon, amount="7777", type="2", actor=actor)
    _pay(water, lyon, amount="7777", on=date(2024, 12, 31), actor=actor)
    _pay(water, world.nis, amount="7777", actor=world.officer_nis)
    Transaction.objects.filter(pk=_pay(water, lyon, amount="7777", actor=actor).pk).update(
        deleted_at=timezone.now()
    )
    return world, water, bare


def _url(world, year=2025, fmt=""):
    suffix = f"&format={fmt}" if fmt else ""
    return f"/api/v1/authorities/{world.lyon.pk}/aid-declaration?year={year}{suffix}"


def test_declaration_groups_the_year_payments_by_country_sector_type_and_channel(client, declared):
    world, water, bare = declared
    client.force_login(world.officer_lyon)
    response = client.get(_url(world))
    assert response.status_code == 200
    body = response.json()
    assert body["rows"] == [
        {"country": "BG", "oda_eligible": False, "sector": "16061", "aid_type": "C01", "channel": "12002",
         "amount_eur": "300.00"},
        {"country": "RS", "oda_eligible": True, "sector": "", "aid_type": "C01", "channel": "12002",
         "amount_eur": "200.00"},
        {"country": "RS", "oda_eligible": True, "sector": "14050", "aid_type": "C01", "channel": "11002",
         "amount_eur": "500.00"},
        {"country": "RS", "oda_eligible": True, "sector": "14050", "aid_type": "C01", "channel": "12002",
         "amount_eur": "1100.00"},
    ]  # fmt: skip
    assert body["total_eur"] == "2100.00"
    assert body["oda_eur"] == "1800.00"
    assert body["warnings"] == [
        f"No DAC sector: transaction of 2025-05-01 on project #{bare.pk} is declared without a sector.",
        "No exchange rate for MKD on or before that day: "
        f"transaction of 2025-05-01 on project #{water.pk} is left out.",
    ]


def test_an_amount_is_shared_between_sectors_to_the_cent(client):
    world = make_world()
    project = make_project(world)
    Project.objects.filter(pk=project.pk).update(dac_sectors=["14010", "14020", "14030"])
    _pay(project, world.lyon, amount="100", receiver=world.nis, actor=world.officer_lyon)
    client.force_login(world.officer_lyon)
    rows = client.get(_url(world)).json()["rows"]
    assert [(r["sector"], r["amount_eur"]) for r in rows] == [
        ("14010", "33.33"),
        ("14020", "33.33"),
        ("14030", "33.34"),
    ]


def test_csv_and_xlsx_give_the_same_rows(client, declared):
    world, _water, _bare = declared
    client.force_login(world.officer_lyon)
    response = client.get(_url(world, fmt="csv"))
    assert (
        response["Content-Disposition"] == f'attachment; filename="aid-declaration-{world.lyon.pk}-2025.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["country", "oda_eligible", "sector", "aid_type", "channel", "amount_eur"]
    assert rows[1] == ["BG", "False", "16061", "C01", "12002", "300.00"]
    workbook = load_workbook(io.BytesIO(client.get(_url(world, fmt="xlsx")).content), read_only=True)
    sheet = list(workbook["aid 2025"].iter_rows(values_only=True))
    assert len(sheet) == 5
    assert sheet[4][-1] == 1100


def test_anonymous_caller_gets_401(client, declared):
    world, _water, _bare = declared
    assert client.get(_url(world)).status_code == 401


def test_member_of_another_authority_gets_403(client, declared):
    world, _water, _bare = declared
    client.force_login(world.officer_nis)
    response = client.get(_url(world))
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the members of this authority can read its aid declaration."}


def test_token_of_a_member_works(client, declared):
    world, _water, _bare = declared
    _token, raw = api_token_create(actor=world.elected_lyon, name="e-APD")
    assert client.get(_url(world), HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_non_french_authority_is_422(client):
    world = make_world()
    client.force_login(world.officer_nis)
    response = client.get(f"/api/v1/authorities/{world.nis.pk}/aid-declaration?year=2025")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The yearly declaration of development aid concerns French authorities only."
    }


@pytest.mark.parametrize("query", ["year=1999", "year=3000", "year=abc", "", "year=2025&format=pdf"])
def test_bad_year_or_format_is_422(client, declared, query):
    world, _water, _bare = declared
    client.force_login(world.officer_lyon)
    response = client.get(f"/api/v1/authorities/{world.lyon.pk}/aid-declaration?{query}")
    assert response.status_code == 422
    assert "detail" in response.json()


@pytest.mark.parametrize("authority_id", ["999999", "99999999999999999999"])
def test_unknown_authority_is_404(client, declared, authority_id):
    world, _water, _bare = declared
    client.force_login(world.officer_lyon)
    response = client.get(f"/api/v1/authorities/{authority_id}/aid-declaration?year=2025")
    assert response.status_code == 404
    assert response.json() == {"detail": "No authority has this id."}


def test_page_shows_the_figures_to_a_member(client, declared):
    world, _water, _bare = declared
    client.force_login(world.elected_lyon)
    response = client.get(f"/en/open-data/authorities/{world.lyon.pk}/aid-declaration/?year=2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Development aid of Lyon in 2025" in html
    assert "2100.00" in html
    assert f"/api/v1/authorities/{world.lyon.pk}/aid-declaration?year=2025&amp;format=csv" in html
    assert "No DAC sector" in html


def test_page_is_forbidden_to_another_authority(client, declared):
    world, _water, _bare = declared
    client.force_login(world.officer_nis)
    assert client.get(f"/en/open-data/authorities/{world.lyon.pk}/aid-declaration/").status_code == 403


def test_page_asks_an_anonymous_visitor_to_sign_in(client, declared):
    world, _water, _bare = declared
    response = client.get(f"/en/open-data/authorities/{world.lyon.pk}/aid-declaration/")
    assert response.status_code == 302


def test_open_data_page_links_a_member_to_the_declaration(client, declared):
    world, _water, _bare = declared
    client.force_login(world.officer_lyon)
    html = client.get("/en/open-data/").content.decode()
    assert f"/en/open-data/authorities/{world.lyon.pk}/aid-declaration/" in html
