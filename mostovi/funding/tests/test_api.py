"""The Funding API (`docs/API.md`): exact shapes, visibility, errors, language."""

import pytest

from mostovi.accounts.tests.factories import PASSWORD
from mostovi.funding.catalogue_import import import_catalogue, read
from mostovi.funding.models import Instrument
from mostovi.projects.models import Project
from mostovi.projects.tests.factories import make_project, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    import_catalogue(read())
    return make_world()


def token_headers(client, user, language="en") -> dict:
    headers = {"Accept-Language": language}
    if user is not None:
        response = client.post(
            "/api/v1/auth/token",
            data={"email": user.email, "password": PASSWORD},
            content_type="application/json",
        )
        headers["Authorization"] = f"Bearer {response.json()['token']}"
    return headers


def test_instrument_list_shape(client, world):
    response = client.get("/api/v1/funding/instruments?limit=100", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "items"}
    assert body["count"] == Instrument.objects.count() == len(body["items"])
    dctciv = next(i for i in body["items"] if i["slug"] == "meae-dctciv-aap-generaliste")
    assert set(dctciv) == {"id", "slug", "name", "funder", "kind", "is_active", "themes", "rules", "calls"}
    assert set(dctciv["rules"][0]) == {
        "id",
        "kind",
        "params",
        "text",
        "source",
        "checked_on",
        "verified",
        "source_kind",
        "translations",
    }
    band = next(r for r in dctciv["rules"] if r["kind"] == "rate_band_by_country")
    assert band["checked_on"] == "2026-11-01" and band["verified"] is True
    assert band["source"].startswith("https://bretagne-solidaire.bzh/")
    call_2025 = next(c for c in dctciv["calls"] if c["title"] == "General call for projects 2025")
    assert call_2025["opens_on"] == "2025-03-01" and call_2025["closes_on"] == "2025-05-30"
    # A call whose dates no source confirmed is listed, unverified, after the dated ones.
    assert dctciv["calls"][-1]["closes_on"] is None and dctciv["calls"][-1]["verified"] is False
    assert "water-sanitation" in dctciv["themes"]


def test_instrument_list_filters_and_pages(client, world):
    body = client.get("/api/v1/funding/instruments?country=SE&limit=100").json()
    slugs = {i["slug"] for i in body["items"]}
    assert "icld-municipal-partnership" in slugs and "western-balkans-fund" not in slugs
    assert "erasmus-plus" in slugs  # no country rule: not restricted
    page = client.get("/api/v1/funding/instruments?limit=2&offset=2").json()
    assert len(page["items"]) == 2 and page["count"] == Instrument.objects.count()
    assert client.get("/api/v1/funding/instruments?limit=abc").status_code == 422


def test_instrument_detail_and_unknown(client, world):
    wbf = Instrument.objects.get(slug="western-balkans-fund")
    body = client.get(f"/api/v1/funding/instruments/{wbf.pk}").json()
    assert body["name"] == wbf.name and body["checked_on"] == "2026-11-01"
    assert body["sources"][0]["url"].startswith("https://")
    response = client.get("/api/v1/funding/instruments/999999", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.json() == {"detail": "No funding instrument has this id."}


def test_eligibility_shape_and_language(client, world):
    project = make_project(world, partner_ids=[world.lyon.pk, world.sofia.pk])
    headers = token_headers(client, world.officer_lyon)
    response = client.get(f"/api/v1/projects/{project.pk}/eligibility?limit=100", headers=headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == Instrument.objects.filter(is_active=True).count()
    item = next(i for i in body["items"] if i["instrument"]["name"].startswith("MEAE – DCTCIV general"))
    assert set(item) == {"instrument", "verdict", "checks", "unverified"}
    assert set(item["instrument"]) == {"id", "name"}
    assert item["verdict"] in {"eligible", "not_eligible", "unknown"}
    check = next(c for c in item["checks"] if c["rule"] == "rate_band_by_country")
    assert set(check) >= {"rule", "result", "reason", "source", "verified"}
    assert check["result"] == "pass"
    assert check["reason"] == "Bulgaria — not aid-eligible: rate band 30 %."
    verdicts = [i["verdict"] for i in body["items"]]
    order = {"eligible": 0, "unknown": 1, "not_eligible": 2}
    assert verdicts == sorted(verdicts, key=order.get)
    # Another language: the reasons follow Accept-Language (the sentence differs from the English one).
    fr = client.get(
        f"/api/v1/projects/{project.pk}/eligibility?instrument={item['instrument']['id']}",
        headers=token_headers(client, world.officer_lyon, "fr"),
    ).json()
    assert fr["count"] == 1
    french = next(c for c in fr["items"][0]["checks"] if c["rule"] == "lead_country_in")["reason"]
    assert "Lyon" in french


def test_eligibility_of_one_instrument_and_errors(client, world):
    project = make_project(world)
    headers = token_headers(client, world.officer_nis)
    wbf = Instrument.objects.get(slug="western-balkans-fund")
    body = client.get(
        f"/api/v1/projects/{project.pk}/eligibility?instrument={wbf.pk}", headers=headers
    ).json()
    assert [i["instrument"] for i in body["items"]] == [{"id": wbf.pk, "name": wbf.name}]
    assert body["items"][0]["verdict"] == "not_eligible"
    unknown = client.get(f"/api/v1/projects/{project.pk}/eligibility?instrument=999999", headers=headers)
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "No funding instrument has this id."}
    bad = client.get(f"/api/v1/projects/{project.pk}/eligibility?instrument=x", headers=headers)
    assert bad.status_code == 422 and "detail" in bad.json()


def test_eligibility_of_a_hidden_project_is_404(client, world):
    project = make_project(world)
    for user in (None, world.outsider, world.officer_sofia):
        response = client.get(
            f"/api/v1/projects/{project.pk}/eligibility", headers=token_headers(client, user)
        )
        assert response.status_code == 404
        assert response.json() == {"detail": "No project has this id."}
    assert client.get("/api/v1/projects/999999/eligibility").status_code == 404
    Project.objects.filter(pk=project.pk).update(deleted_at="2026-11-20T10:00:00Z")
    response = client.get(
        f"/api/v1/projects/{project.pk}/eligibility", headers=token_headers(client, world.outsider)
    )
    assert response.status_code == 404
