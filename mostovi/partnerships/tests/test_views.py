import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mostovi.directory.models import Level
from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.partnerships import services
from mostovi.partnerships.models import Kind, Partnership
from mostovi.partnerships.user_import import COLUMNS, template_csv

MAX_QUERIES = 10


def _create(world, **extra):
    values = {
        "actor": world["officer_lyon"],
        "kind": Kind.COOPERATION,
        "authority_ids": [world["lyon"].pk, world["nis"].pk],
        "signed_on": date(2024, 3, 15),
        "themes": ["water-sanitation"],
    }
    values.update(extra)
    return services.partnership_create(**values)


@pytest.fixture
def fifty(world):
    for n in range(50):
        partner = AuthorityFactory(
            name=f"Opština {n}", country="RS", level=Level.MUNICIPALITY, latitude=43 + n / 100, longitude=21.0
        )
        _create(world, authority_ids=[world["lyon"].pk, partner.pk], signed_on=date(2000 + n % 25, 1, 1))
    return world


def test_list_page_query_count_is_bounded(client, fifty):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("partnerships:index"))
    assert response.status_code == 200
    assert len(queries.captured_queries) <= MAX_QUERIES
    assert "Opština" in response.content.decode()
    client.force_login(fifty["officer_lyon"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("partnerships:index"), {"country": "RS", "page": 2}).status_code == 200
    assert len(queries.captured_queries) <= MAX_QUERIES


def test_map_page_query_count_is_bounded_and_data_is_compact(client, fifty):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("partnerships:map"), {"theme": "water-sanitation"})
    assert response.status_code == 200
    assert len(queries.captured_queries) <= MAX_QUERIES
    body = response.content.decode()
    assert "data-map-json=" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)  # strict CSP: no inline script
    assert response.context["data"]["count"] == 50
    assert len(response.context["rows"]) == 50


def test_filters(client, world):
    _create(world)
    sofia = services.partnership_create(
        actor=world["officer_sofia"], kind=Kind.MOU, authority_ids=[world["sofia"].pk, world["nis"].pk],
        signed_on=date(2010, 5, 1), is_demo=True,
    )  # fmt: skip
    url = reverse("partnerships:index")
    assert list(client.get(url, {"country": "BG"}).context["page"].object_list) == [sofia]
    assert len(client.get(url, {"year_from": 2020, "year_to": 2025}).context["page"].object_list) == 1
    assert len(client.get(url, {"theme": "water-sanitation"}).context["page"].object_list) == 1
    # Bad filter values never fail: the form reports them and every partnership is listed.
    assert client.get(url, {"year_from": "abc", "country": "ZZ"}).status_code == 200
    assert "badge-demo" in client.get(url).content.decode()


def test_detail_shows_timeline(client, world):
    partnership = _create(world)
    services.partnership_update(
        actor=world["elected_nis"], partnership=partnership, revision=1, note="Renewed"
    )
    response = client.get(reverse("partnerships:detail", args=[partnership.pk]))
    assert response.status_code == 200
    assert len(response.context["timeline"]) == 2


def test_deleted_partnership_is_hidden_from_others(client, world):
    partnership = _create(world)
    services.partnership_delete(actor=world["officer_lyon"], partnership=partnership)
    assert client.get(reverse("partnerships:detail", args=[partnership.pk])).status_code == 404
    client.force_login(world["elected_nis"])
    assert client.get(reverse("partnerships:detail", args=[partnership.pk])).status_code == 200


def test_create_form(client, world):
    client.force_login(world["officer_lyon"])
    url = reverse("partnerships:create")
    assert client.get(url).status_code == 200
    data = {
        "authority": world["lyon"].pk, "partner_code": "RS:city:Niš", "kind": "cooperation",
        "status": "active",
        "signed_on": "2024-01-01", "themes": ["youth"], "working_languages": "fr;sr",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert partnership.working_languages == ["fr", "sr"]
    bad = {**data, "partner_code": "70157"}  # used by France and Serbia
    assert client.post(url, bad).status_code == 422
    bad = {**data, "ends_on": "2020-01-01"}
    assert client.post(url, bad).status_code == 422
    assert Partnership.objects.count() == 1


def test_create_is_refused_without_a_role(client, world):
    client.force_login(world["technical_lyon"])
    assert client.get(reverse("partnerships:create")).status_code == 403


def test_edit_conflict_keeps_what_was_typed(client, world):
    partnership = _create(world)
    services.partnership_update(
        actor=world["elected_nis"], partnership=partnership, revision=1, note="theirs"
    )
    client.force_login(world["officer_lyon"])
    data = {"revision": 1, "kind": "cooperation", "status": "active", "note": "mine"}
    response = client.post(reverse("partnerships:edit", args=[partnership.pk]), data)
    assert response.status_code == 409
    assert "mine" in response.content.decode() and "theirs" in response.content.decode()
    data["revision"] = 2
    assert client.post(reverse("partnerships:edit", args=[partnership.pk]), data).status_code == 302
    client.force_login(world["officer_sofia"])
    assert client.post(reverse("partnerships:edit", args=[partnership.pk]), data).status_code == 403


def test_convention_upload_refuses_a_fake_pdf(client, world):
    partnership = _create(world)
    client.force_login(world["officer_lyon"])
    url = reverse("partnerships:convention", args=[partnership.pk])
    fake = SimpleUploadedFile("c.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    assert client.post(url, {"file": fake}).status_code == 422
    real = SimpleUploadedFile("c.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    assert client.post(url, {"file": real}).status_code == 302
    response = client.get(reverse("partnerships:convention_download", args=[partnership.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


# --- CSV import -------------------------------------------------------------------------------------


HEADER = ",".join(COLUMNS)


def _csv(*lines, header=HEADER):
    return SimpleUploadedFile("p.csv", ("\n".join([header, *lines]) + "\n").encode(), content_type="text/csv")


def test_template_download(client):
    response = client.get(reverse("partnerships:import_template"))
    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == ",".join(COLUMNS)
    assert template_csv().count("\r\n") == 2


def test_import_lists_every_error_and_writes_nothing(client, world):
    client.force_login(world["officer_lyon"])
    good = "cooperation,FR:insee:69123,RS:city:Niš,2024-01-01,,,active,water-sanitation,fr;sr,ok"
    response = client.post(
        reverse("partnerships:import"),
        {
            "file": _csv(
                good,
                "twinning,69123,99999,,,,,,,",
                "twinning,69123,RS:city:Niš,2024-13-01,,,,,,",
                "twinning,BG:nsi:SOF46,RS:city:Niš,,,,,,,",
                "twinning,69123,RS:city:Niš,2024-01-01,2023-01-01,,,,,",
                "cooperation,69123,RS:city:Niš,,,,,no-such-theme,,",
                "twinning,69123,70157,,,,,,,",
            )
        },
    )
    assert response.status_code == 422
    errors = response.context["outcome"].errors
    assert any("3" in e and "99999" in e for e in errors)
    assert any("4" in e and "2024-13-01" in e for e in errors)
    assert any(e.startswith(("line 5", "ligne 5")) for e in errors)
    assert any(e.startswith(("line 6", "ligne 6")) for e in errors)
    assert any("no-such-theme" in e for e in errors)
    assert any("70157" in e for e in errors)
    assert not Partnership.objects.exists()


def test_import_wrong_column(client, world):
    client.force_login(world["officer_lyon"])
    header = ",".join(COLUMNS).replace("note", "notes")
    response = client.post(
        reverse("partnerships:import"), {"file": _csv("twinning,69123,RS:city:Niš,,,,,,,", header=header)}
    )
    assert response.status_code == 422
    assert any("notes" in e for e in response.context["outcome"].errors)
    binary = SimpleUploadedFile("p.csv", b"%PDF-\x00\x01", content_type="text/csv")
    assert client.post(reverse("partnerships:import"), {"file": binary}).status_code == 422
    assert not Partnership.objects.exists()


def test_import_success(client, world):
    client.force_login(world["elected_nis"])
    response = client.post(
        reverse("partnerships:import"),
        {
            "file": _csv(
                "cooperation,FR:insee:69123,RS:city:Niš,2024-01-01,,2026-12-31,active,water-sanitation;youth,fr;sr,x",
                "mou,BG:nsi:SOF46,RS:city:Niš,,,,,,,",
            )
        },
    )
    assert response.status_code == 200
    assert len(response.context["outcome"].created) == 2
    assert Partnership.objects.count() == 2


def test_import_needs_a_role(client, world):
    client.force_login(world["outsider"])
    assert client.get(reverse("partnerships:import")).status_code == 403


def test_list_links_each_partnership_by_its_kind_and_partners(client, world):
    """The link to a partnership reads as the partnership (not "Details of partnership 389")."""
    partnership = _create(world)
    response = client.get("/en/partnerships/")
    url = reverse("partnerships:detail", args=[partnership.pk]).replace("/fr/", "/en/")
    match = re.search(rf'<a href="{re.escape(url)}"[^>]*>(.*?)</a>', response.content.decode())
    assert match, "no link to the partnership"
    text = re.sub(r"<[^>]+>", "", match.group(1))
    assert text == f"{partnership.get_kind_display()}: Lyon – {world['nis'].name}"


def test_history_names_fields_and_values_in_words_not_codes(client, world):
    partnership = _create(world)
    services.partnership_update(
        actor=world["elected_nis"],
        partnership=partnership,
        revision=1,
        kind=Kind.TWINNING,
        themes=["youth"],
        signed_on=date(2024, 3, 21),
    )
    html = client.get(f"/en/partnerships/{partnership.pk}/").content.decode()
    assert "<code>" not in html
    assert "Themes: Water and sanitation → Youth" in html
    assert "Signed on: 15 Mar 2024 → 21 Mar 2024" in html
    assert "water-sanitation" not in html
    assert "signed_on" not in html
