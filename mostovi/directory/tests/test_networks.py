"""Networks: direct and indirect members, kinds, counts, the members list with its sources."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostovi.directory.models import NetworkMembership
from mostovi.directory.network_selectors import authority_networks, network_has_member, network_list_counts
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

SOURCE = [{"title": "skgo.org", "url": "https://www.skgo.org/members", "licence": "facts"}]


@pytest.fixture
def world():
    nalas = NetworkFactory(acronym="NALAS", network_kind="regional_network")
    cemr = NetworkFactory(acronym="CEMR", network_kind="european_federation")
    skgo = NetworkFactory(acronym="SKGO", country="RS", network_kind="national_association")
    namrb = NetworkFactory(acronym="NAMRB", country="BG", network_kind="national_association")
    for association in (skgo, namrb):
        NetworkMembership.objects.create(member=association, network=nalas)
    NetworkMembership.objects.create(member=skgo, network=cemr)
    nis = AuthorityFactory(name="Niš", country="RS")
    novi_sad = AuthorityFactory(name="Novi Sad", country="RS")
    sofia = AuthorityFactory(name="Sofia", country="BG")
    lyon = AuthorityFactory(name="Lyon", country="FR")
    for city in (nis, novi_sad):
        NetworkMembership.objects.create(member=city, network=skgo, since=2001, sources=SOURCE)
    NetworkMembership.objects.create(
        member=sofia, network=namrb, since=1999, sources=SOURCE, unverified="since"
    )
    NetworkMembership.objects.create(member=sofia, network=nalas, sources=SOURCE)  # direct as well
    return locals()


def test_counts_direct_and_indirect(world):
    counts = {n.acronym: (n.member_count, n.member_count_indirect) for n in network_list_counts()}
    assert counts == {"NALAS": (3, 2), "CEMR": (1, 2), "SKGO": (2, 0), "NAMRB": (1, 0)}


def test_the_list_answers_in_a_constant_number_of_queries(world):
    with CaptureQueriesContext(connection) as few:
        network_list_counts()
    for _ in range(5):
        NetworkMembership.objects.create(member=AuthorityFactory(country="RS"), network=world["skgo"])
    with CaptureQueriesContext(connection) as more:
        network_list_counts()
    assert len(few) == len(more) == 3


def test_membership_through_an_association(world):
    assert network_has_member([world["nalas"].pk], world["nis"].pk)
    assert network_has_member([world["cemr"].pk], world["nis"].pk)
    assert not network_has_member([world["cemr"].pk], world["sofia"].pk)
    assert not network_has_member([world["nalas"].pk], world["lyon"].pk)
    rows = {
        (r["network"].acronym, r["direct"], r["via"] and r["via"].acronym)
        for r in authority_networks(world["nis"])
    }
    assert rows == {("SKGO", True, None), ("NALAS", False, "SKGO"), ("CEMR", False, "SKGO")}


def test_api_lists_networks_with_kind_and_counts(client, world):
    items = {i["acronym"]: i for i in client.get("/api/v1/networks").json()["items"]}
    assert items["NALAS"]["kind"] == "regional_network"
    assert (items["NALAS"]["member_count"], items["NALAS"]["member_count_indirect"]) == (3, 2)


def test_api_members_direct_and_indirect_with_sources(client, world):
    url = f"/api/v1/networks/{world['nalas'].pk}/members"
    body = client.get(url).json()
    assert body["count"] == 3
    first = body["items"][0]
    assert (first["authority"]["name"], first["direct"], first["via"]) == ("Sofia", True, None)
    indirect = client.get(url, {"direct": "false", "country": "rs"}).json()["items"]
    assert [(i["authority"]["name"], i["via"]["acronym"], i["since"]) for i in indirect] == [
        ("Niš", "SKGO", 2001),
        ("Novi Sad", "SKGO", 2001),
    ]
    assert indirect[0]["source"] == "https://www.skgo.org/members"
    namrb = client.get(f"/api/v1/networks/{world['namrb'].pk}/members").json()["items"]
    assert namrb[0]["unverified"] == "since"


def test_api_members_errors(client, world):
    assert client.get(f"/api/v1/networks/{world['lyon'].pk}/members").status_code == 404
    response = client.get(f"/api/v1/networks/{world['nalas'].pk}/members", {"country": "ZZ"})
    assert response.status_code == 422 and "detail" in response.json()


def test_the_directory_filter_finds_indirect_members(client, world):
    body = client.get("/api/v1/authorities", {"network": world["nalas"].pk}).json()
    assert {i["name"] for i in body["items"]} == {"Niš", "Novi Sad", "Sofia"}
