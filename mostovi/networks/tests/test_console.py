"""The coordination console: figures for all, overlaps and gaps for the coordinators, constant queries."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from mostovi.directory.models import NetworkMembership
from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.exchange.models import Post
from mostovi.networks.selectors import network_overview
from mostovi.partnerships.models import Partnership, PartnershipMember
from mostovi.projects import services as project_services
from mostovi.themes.models import Theme

pytestmark = pytest.mark.django_db


def test_coordinator_sees_overlaps_and_gaps(client, world):
    client.force_login(world.coordinator)
    body = client.get(f"/api/v1/networks/{world.network.pk}/overview").json()
    assert body["full"] is True
    assert (body["members_direct"], body["members_indirect"]) == (1, 2)
    by_country = {r["country"]: r for r in body["by_country"]}
    assert by_country["RS"] == {
        "country": "RS",
        "authorities": 2,
        "partnerships": 2,
        "projects": 1,
        "open_posts": 0,
    }
    assert by_country["BG"]["open_posts"] == 1
    overlap = next(o for o in body["overlaps"] if o["kind"] == "authority_theme")
    assert overlap["authorities"][0]["id"] == world.nis.pk and overlap["theme"] == "water-sanitation"
    assert {a["id"] for a in overlap["involved"]} == {world.lyon.pk, world.grenoble.pk}
    assert any(o["kind"] == "pair" for o in body["overlaps"])  # Lyon–Niš: a partnership and a project
    gaps = body["gaps"]
    assert [n["authority"]["id"] for n in gaps["needs_unanswered"]] == [world.sofia.pk]
    assert [m["id"] for m in gaps["members_without_partner"]] == [world.kraljevo.pk]
    assert gaps["themes_asked_never_offered"] == ["youth"]


def test_others_get_figures_only(client, world):
    client.force_login(world.officer_lyon)
    body = client.get(f"/api/v1/networks/{world.network.pk}/overview").json()
    assert body["full"] is False and body["overlaps"] == [] and body["gaps"] == {}
    assert {r["country"] for r in body["by_country"]} == {"BG", "RS"}
    assert client.get("/api/v1/networks/999999/overview").status_code == 404
    assert client.get(f"/api/v1/networks/{world.network.pk}/overview", {"format": "pdf"}).status_code == 422


def test_exports_are_sanitised(client, world):
    Post.objects.filter(authority=world.sofia).update(title="=HYPERLINK(1)")
    client.force_login(world.coordinator)
    csv_text = client.get(f"/api/v1/networks/{world.network.pk}/overview", {"format": "csv"}).content.decode()
    assert "'=HYPERLINK(1)" in csv_text and "\n=HYPERLINK" not in csv_text
    response = client.get(f"/api/v1/networks/{world.network.pk}/overview", {"format": "xlsx"})
    import io

    sheet = load_workbook(io.BytesIO(response.content))["needs_unanswered"]
    assert sheet["B2"].value == "'=HYPERLINK(1)"


def test_console_page(client, world):
    client.force_login(world.coordinator)
    page = client.get(f"/en/networks/{world.network.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kraljevo" in text and "through SKGO" in text
    client.force_login(world.officer_lyon)
    assert "Kraljevo" not in client.get(f"/en/networks/{world.network.pk}/").content.decode()


def _grow(world, count: int) -> None:
    """`count` more Serbian members through SKGO, each with a partnership with Lyon and an open post."""
    towns = [
        AuthorityFactory(name=f"Town {i}", country="RS", latitude=44.0, longitude=20.0) for i in range(count)
    ]
    NetworkMembership.objects.bulk_create([NetworkMembership(member=t, network=world.skgo) for t in towns])
    partnerships = Partnership.objects.bulk_create(
        [Partnership(kind="twinning", status="active", since_year=2000 + i % 20) for i in range(count)]
    )
    PartnershipMember.objects.bulk_create(
        [PartnershipMember(partnership=p, authority=t) for p, t in zip(partnerships, towns, strict=True)]
        + [PartnershipMember(partnership=p, authority=world.lyon) for p in partnerships]
    )
    Partnership.themes.through.objects.bulk_create(
        [
            Partnership.themes.through(partnership=p, theme=Theme.objects.get(slug="youth"))
            for p in partnerships
        ]
    )
    Post.objects.bulk_create(
        [
            Post(
                kind="offer",
                authority=t,
                language="sr",
                title=f"Offer {t.pk}",
                body=".",
                valid_until=timezone.localdate() + timedelta(days=30),
            )
            for t in towns
        ]
    )
    if connection.vendor == "postgresql":
        # Statistics as a database in use has them: those of empty tables make the planner nest every loop.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _queries(function) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_constant_number_of_queries_from_3_to_300_members(client, world):
    client.force_login(world.coordinator)
    url = f"/en/networks/{world.network.pk}/"

    def overview():
        network_overview(network=world.network, user=world.coordinator, full=True)

    before = (_queries(overview), _queries(lambda: client.get(url)))
    assert network_overview(network=world.network, user=world.coordinator, full=True).members_total == 3
    _grow(world, 297)
    after = network_overview(network=world.network, user=world.coordinator, full=True)
    assert after.members_total == 300
    assert (_queries(overview), _queries(lambda: client.get(url))) == before


def test_the_page_reads_its_figures_from_the_cache_until_the_data_change(client, world):
    client.force_login(world.coordinator)
    url = f"/api/v1/networks/{world.network.pk}/overview"
    assert {r["country"]: r["partnerships"] for r in client.get(url).json()["by_country"]}["RS"] == 2
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    cache_hit = len(warm)
    with CaptureQueriesContext(connection) as cold:
        cache.clear()
        client.get(url)
    assert cache_hit < len(cold)
    # A new partnership of a member: the next reading counts it.
    partnership = Partnership.objects.create(kind="twinning", status="active")
    PartnershipMember.objects.create(partnership=partnership, authority=world.kraljevo)
    assert {r["country"]: r["partnerships"] for r in client.get(url).json()["by_country"]}["RS"] == 3
    # A member that leaves: the next reading no longer counts it.
    NetworkMembership.objects.filter(member=world.kraljevo).delete()
    body = client.get(url).json()
    assert (body["members_direct"], body["members_indirect"]) == (1, 1)


def test_the_member_list_is_shown_a_page_at_a_time(client, world):
    _grow(world, 57)  # 60 members
    client.force_login(world.coordinator)
    url = f"/en/networks/{world.network.pk}/"
    first = client.get(url).content.decode()
    assert "Members 1–50 of 60, the most active first" in first
    assert 'href="?members_page=2#members-title"' in first and "Previous members" not in first
    second = client.get(url, {"members_page": 2}, HTTP_HX_REQUEST="true")
    text = second.content.decode()
    assert "Members 51–60 of 60" in text and "<html" not in text
    assert 'href="?members_page=1#members-title"' in text and "Next members" not in text
    assert client.get(url, {"members_page": "x"}).status_code == 200  # read as the first page
    # The files list every member.
    csv_text = client.get(url, {"format": "csv"}).content.decode()
    members = csv_text.split("# members\r\n")[1].strip().splitlines()
    assert len(members) == 1 + 60


def test_the_matrix_has_charts_with_a_title_a_text_alternative_and_their_tables(client, world):
    Partnership.objects.filter(members__authority=world.nis).update(since_year=2024)
    client.force_login(world.coordinator)
    text = client.get(f"/en/networks/{world.network.pk}/").content.decode()
    assert '<title id="country-chart-title">Partnerships and projects of the members in ' in text
    assert 'aria-labelledby="country-chart-title country-chart-desc"' in text
    assert "Serbia has the most in" in text
    assert '<title id="trend-chart-title">Partnerships and projects of the members by year</title>' in text
    assert "the highest year is" in text
    # Each table follows its chart.
    assert text.index('data-testid="country-chart"') < text.index('data-testid="matrix-table"')
    assert text.index('data-testid="trend-chart"') < text.index('data-testid="trend-table"')


# --- a network's programme supporting a project ---------------------------------------------------------


def test_a_coordinator_records_support_and_a_partner_refuses_it(client, world):
    from mostovi.projects.models import Project

    project = Project.objects.get(partners__authority=world.nis)
    # The coordinator supports what it may see: a project past identification, visible to the networks.
    Project.objects.filter(pk=project.pk).update(
        phase="joint_definition", visibility="network", published_at=timezone.now()
    )
    url = f"/api/v1/networks/{world.network.pk}/supported-projects"
    client.force_login(world.officer_lyon)
    payload = {"project_id": project.pk, "programme": "NALAS water"}
    assert client.post(url, payload, content_type="application/json").status_code in (403, 404)
    client.force_login(world.coordinator)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    support = response.json()
    client.force_login(world.officer_lyon)
    listed = client.get(f"/api/v1/projects/{project.pk}/network-support").json()
    assert [(s["network"]["acronym"], s["status"]) for s in listed] == [("NALAS", "recorded")]
    refuse = f"/api/v1/projects/{project.pk}/network-support/{support['id']}/refuse"
    # Lyon's officer cannot refuse on behalf of Niš.
    assert (
        client.post(refuse, {"authority_id": world.nis.pk}, content_type="application/json").status_code
        == 403
    )
    response = client.post(refuse, {"authority_id": world.lyon.pk}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "refused"
    client.force_login(world.coordinator)
    assert client.post(url, payload, content_type="application/json").status_code == 409


def test_support_needs_a_member_partner(client, world):

    project = project_services.project_create(
        actor=world.officer_lyon, title="Seul", language="fr", partner_ids=[world.lyon.pk, world.grenoble.pk]
    )
    client.force_login(world.coordinator)
    response = client.post(
        f"/api/v1/networks/{world.network.pk}/supported-projects",
        {"project_id": project.pk},
        content_type="application/json",
    )
    assert response.status_code in (404, 422)


def test_deadlines_of_calls_that_fit_the_members(client, world):
    from datetime import date

    from mostovi.funding.models import Call, Instrument, Rule

    today = timezone.localdate()
    open_to_all = Instrument.objects.create(slug="all", name="Open", funder="EU", kind="grant")
    french_lead = Instrument.objects.create(slug="fr", name="French", funder="MEAE", kind="grant")
    Rule.objects.create(
        instrument=french_lead,
        kind="lead_country_in",
        params={"countries": ["FR"]},
        source="https://example.org",
        checked_on=date(2026, 1, 1),
    )
    Call.objects.create(instrument=open_to_all, title="Call A", closes_on=today + timedelta(days=30))
    Call.objects.create(instrument=french_lead, title="Call B", closes_on=today + timedelta(days=40))
    Call.objects.create(instrument=open_to_all, title="Closed", closes_on=today - timedelta(days=1))
    body = client.get(f"/api/v1/networks/{world.network.pk}/overview").json()
    # NALAS's members are in BG and RS: the call of an instrument led from France does not fit.
    assert [d["call"] for d in body["deadlines"]] == ["Call A"]


def test_the_index_lists_the_networks_one_coordinates(client, world):
    client.force_login(world.coordinator)
    text = client.get("/en/networks/").content.decode()
    assert f"/en/networks/{world.network.pk}/" in text and "SKGO" not in text
    client.force_login(world.officer_lyon)
    assert f"/en/networks/{world.network.pk}/" not in client.get("/en/networks/").content.decode()


def test_console_names_the_projects_the_coordinator_may_see(client, world):
    from mostovi.projects.models import Project, Visibility

    # A public, published project (its partners published it; how is the projects app's business).
    Project.objects.update(visibility=Visibility.PUBLIC, published_at=timezone.now())
    client.force_login(world.coordinator)
    page = client.get(f"/en/networks/{world.network.pk}/")
    assert page.status_code == 200
    overview = network_overview(network=world.network, user=world.coordinator, full=True)
    assert [p["title"] for p in overview.projects] == ["Eau"]


def test_a_new_post_recomputes_the_overview_but_not_its_partnership_half(client, world):
    client.force_login(world.coordinator)
    url = f"/api/v1/networks/{world.network.pk}/overview"
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    Post.objects.create(
        kind="offer",
        authority=world.kraljevo,
        language="sr",
        title="Offer",
        body=".",
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    with CaptureQueriesContext(connection) as after_post:
        body = client.get(url).json()
    assert {r["country"]: r["open_posts"] for r in body["by_country"]}["RS"] == 1
    assert len(after_post) < len(cold)


def test_a_page_of_members_past_the_end_reads_no_member(client, world):
    client.force_login(world.coordinator)
    response = client.get(f"/en/networks/{world.network.pk}/", {"members_page": 10**9})
    assert response.status_code == 200
    assert response.context["members"] == [] and response.context["members_next"] is None
    assert response.context["members_previous"] == 10**9 - 1
