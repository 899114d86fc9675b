"""The catalogue and eligibility pages; who edits, who proposes, who sees a project's eligibility."""

import json

import pytest

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.core.models import Event
from mostovi.directory.tests.factories import NetworkFactory
from mostovi.funding.catalogue_import import import_catalogue, read
from mostovi.funding.models import ChangeProposal, Instrument, Rule
from mostovi.projects.models import Project
from mostovi.projects.tests.factories import make_project, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    import_catalogue(read())
    return make_world()


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


@pytest.fixture
def coordinator():
    return MembershipFactory(organisation=NetworkFactory(), role=Role.COORDINATOR).user


def test_catalogue_lists_and_filters(client, world):
    page = client.get("/en/funding/").content.decode()
    assert "Funding instruments" in page
    assert "Western Balkans Fund – calls for proposals" in page
    levies = client.get("/en/funding/?kind=levy").content.decode()
    assert "Oudin-Santini" in levies and "Western Balkans Fund – calls" not in levies
    bulgarian = client.get("/en/funding/?country=BG").content.decode()
    assert "Interreg VI-A IPA Bulgaria–Serbia" in bulgarian
    assert (
        "Municipal Partnership Programme" not in bulgarian and "Western Balkans Fund – calls" not in bulgarian
    )
    sport = client.get("/en/funding/?theme=sport").content.decode()
    assert "thematic and bilateral" in sport and "Oudin-Santini" not in sport
    # Nonsense filters are ignored, never a 500.
    assert client.get("/en/funding/?kind=<script>&country=ZZ&theme=x&funder=y").status_code == 200


def test_instrument_page_shows_sources_dates_and_unverified(client, world):
    ficol = Instrument.objects.get(slug="afd-ficol")
    page = client.get(f"/en/funding/instruments/{ficol.pk}/").content.decode()
    assert 'href="https://lianescooperation.org/appel-projet/ficol-appel-a-idees-2020/"' in page
    assert "checked 1 Nov 2026" in page
    assert page.count('class="badge badge-unverified"') >= 2  # the two unverified rules (and the facts)
    assert '<time datetime="2024-01-04">' in page and '<time datetime="2024-09-13">' in page
    assert client.get("/en/funding/instruments/999999/").status_code == 404
    # A rule cited only by an aggregator is marked as such.
    assert "aggregator only" in page
    dctciv = Instrument.objects.get(slug="meae-dctciv-aap-generaliste")
    page = client.get(f"/en/funding/instruments/{dctciv.pk}/").content.decode()
    assert "General call 2024-2026 — 2026 round (dates not confirmed)" in page


def test_eligibility_page_for_those_who_see_the_project(client, world):
    project = make_project(world)
    Project.objects.filter(pk=project.pk).update(themes=["water-sanitation"])
    url = f"/en/funding/projects/{project.pk}/eligibility/"
    assert client.get(url).status_code == 404
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.officer_nis)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Serbia — other aid-eligible countries: rate band 50 %." in page
    assert "A partnership convention is required; the project holds none yet." in page
    assert "not eligible" in page and "unverified" in page
    wbf = Instrument.objects.get(slug="western-balkans-fund")
    one = client.get(f"/en/funding/projects/{project.pk}/eligibility/{wbf.pk}/").content.decode()
    assert "The lead partner, Lyon, is in France" in one
    assert client.get(f"/en/funding/projects/{project.pk}/eligibility/999999/").status_code == 404
    assert client.get("/en/funding/projects/999999/eligibility/").status_code == 404


def test_staff_edit_an_instrument_and_its_rules_with_history(client, world, staff):
    wbf = Instrument.objects.get(slug="western-balkans-fund")
    client.force_login(staff)
    edit = client.get(f"/en/funding/instruments/{wbf.pk}/edit/")
    assert edit.status_code == 200
    history = wbf.history.count()
    form = {
        "slug": wbf.slug,
        "name": wbf.name,
        "funder": wbf.funder,
        "kind": wbf.kind,
        "periodicity": "Annual call.",
        "sources": "https://westernbalkansfund.org",
        "checked_on": "2026-11-26",
        "is_active": "on",
        "themes": [t.pk for t in wbf.themes.all()],
    }
    response = client.post(f"/en/funding/instruments/{wbf.pk}/edit/", form)
    assert response.status_code == 302
    wbf.refresh_from_db()
    assert wbf.periodicity == "Annual call." and wbf.history.count() == history + 1
    assert wbf.sources == [{"url": "https://westernbalkansfund.org", "title": ""}]

    rule_url = f"/en/funding/instruments/{wbf.pk}/rules/new/"
    bad = client.post(
        rule_url,
        {
            "kind": "max_rate",
            "params": json.dumps({"percent": "180"}),
            "text": "x",
            "source": "https://westernbalkansfund.org",
            "checked_on": "2026-11-26",
        },
    )
    assert bad.status_code == 200
    assert "“percent” must be a percentage between 0 and 100, as a string." in bad.content.decode()
    broken = client.post(rule_url, {"kind": "max_rate", "params": "{nope", "text": "x", "source": "x"})
    assert broken.status_code == 200 and "not valid JSON" in broken.content.decode()
    good = client.post(
        rule_url,
        {
            "kind": "duration_max",
            "params": '{"months": 10}',
            "text": "3-10 months (6th call).",
            "source": "https://indevjobs.org",
            "checked_on": "2026-11-26",
            "position": "9",
        },
    )
    assert good.status_code == 302
    rule = Rule.objects.get(instrument=wbf, position=9)
    assert rule.verified is False  # left unticked: the platform will say it is unverified
    assert Event.objects.filter(kind="funding.rule_created").count() == 1
    delete = client.post(f"/en/funding/rules/{rule.pk}/delete/")
    assert delete.status_code == 302 and not Rule.objects.filter(pk=rule.pk).exists()
    assert Rule.history.filter(id=rule.pk, history_type="-").exists()


def test_others_cannot_edit(client, world, coordinator):
    wbf = Instrument.objects.get(slug="western-balkans-fund")
    assert client.get(f"/en/funding/instruments/{wbf.pk}/edit/").status_code == 302  # to sign in
    for user in (world.officer_lyon, coordinator):
        client.force_login(user)
        assert client.get(f"/en/funding/instruments/{wbf.pk}/edit/").status_code == 403
        assert client.get("/en/funding/instruments/new/").status_code == 403
        rule = wbf.rules.first()
        assert client.post(f"/en/funding/rules/{rule.pk}/delete/").status_code == 403
        assert client.get("/en/funding/proposals/").status_code == 403


def test_coordinator_proposes_staff_decide(client, world, coordinator, staff):
    cerv = Instrument.objects.get(slug="cerv-town-twinning")
    client.force_login(world.officer_lyon)
    assert client.get(f"/en/funding/instruments/{cerv.pk}/propose/").status_code == 403
    client.force_login(coordinator)
    empty = client.post(f"/en/funding/instruments/{cerv.pk}/propose/", {"text": " "})
    assert empty.status_code == 200
    response = client.post(
        f"/en/funding/instruments/{cerv.pk}/propose/",
        {"text": "Serbia is associated to CERV.", "source": "https://ec.europa.eu/info/funding-tenders"},
    )
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get()
    assert proposal.status == "open" and proposal.proposed_by == coordinator
    assert (
        client.post(f"/en/funding/proposals/{proposal.pk}/decide/", {"decision": "accept"}).status_code == 403
    )
    client.force_login(staff)
    assert "Serbia is associated to CERV." in client.get("/en/funding/proposals/").content.decode()
    client.post(f"/en/funding/proposals/{proposal.pk}/decide/", {"decision": "decline"})
    proposal.refresh_from_db()
    assert proposal.status == "declined" and proposal.decided_by == staff
    again = client.post(f"/en/funding/proposals/{proposal.pk}/decide/", {"decision": "accept"}, follow=True)
    assert "already been decided" in again.content.decode()


def test_the_catalogue_shows_the_calls_of_the_year_and_says_when_there_is_none(client, world):
    from django.utils import timezone

    year = timezone.localdate().year
    index = client.get("/en/funding/").content.decode()
    assert f"Calls of {year}" in index
    icld = Instrument.objects.get(slug="icld-municipal-partnership")
    page = client.get(f"/en/funding/instruments/{icld.pk}/").content.decode()
    assert f"No call of {year} is recorded for this instrument" in page
    if year == 2026:
        assert "CERV Networks of Towns 2026 (CERV-2026-CITIZENS-TOWN-NT) — closes 16 April 2026" in index
        tt = Instrument.objects.get(slug="cerv-town-twinning")
        page = client.get(f"/en/funding/instruments/{tt.pk}/").content.decode()
        assert "no source confirmed its dates yet" in page
        assert '<time datetime="2026-09-23">' in page
