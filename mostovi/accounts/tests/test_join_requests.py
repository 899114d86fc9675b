"""A person asks to act for an authority; its confirmed officers decide, else its networks' coordinators,
else staff. Nobody is told who else is a member until accepted."""

import pytest

from mostovi.accounts.models import JoinRequest, Membership, Role
from mostovi.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from mostovi.directory.models import NetworkMembership
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, client, user=None):
        self.client = client
        self.headers = {"Accept-Language": "en"}
        if user is not None:
            token = client.post(
                "/api/v1/auth/token",
                {"email": user.email, "password": PASSWORD},
                content_type="application/json",
            ).json()["token"]
            self.headers["Authorization"] = f"Bearer {token}"

    def get(self, path):
        return self.client.get(path, headers=self.headers)

    def post(self, path, data=None):
        return self.client.post(path, data or {}, content_type="application/json", headers=self.headers)


def test_the_authoritys_officer_decides_and_the_membership_starts(client):
    nis = AuthorityFactory(name="Ниш")
    officer = MembershipFactory(organisation=nis, role=Role.OFFICER).user
    person = UserFactory()
    created = Api(client, person).post(
        f"/api/v1/authorities/{nis.pk}/join-requests", {"role": "technical", "message": "Water department."}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["role"]) == ("pending", "technical")
    # The person is told nothing about the members; the officer sees the request in their queue and inbox.
    assert officer.email not in created.content.decode()
    queue = Api(client, officer).get("/api/v1/me/join-requests").json()
    assert [r["id"] for r in queue] == [body["id"]]
    inbox = Api(client, officer).get("/api/v1/me/inbox").json()
    assert [i["kind"] for i in inbox] == ["membership_request"]
    # Nobody else may decide.
    assert Api(client, UserFactory()).post(f"/api/v1/join-requests/{body['id']}/accept").status_code == 403
    assert Api(client, person).post(f"/api/v1/join-requests/{body['id']}/accept").status_code == 403
    accepted = Api(client, officer).post(f"/api/v1/join-requests/{body['id']}/accept")
    assert accepted.status_code == 200
    assert Membership.objects.confirmed().filter(user=person, organisation=nis, role="technical").exists()
    assert Api(client, officer).post(f"/api/v1/join-requests/{body['id']}/accept").status_code == 409


def test_an_officer_cannot_accept_an_elected_official(client):
    nis = AuthorityFactory()
    officer = MembershipFactory(organisation=nis, role=Role.OFFICER).user
    person = UserFactory()
    request_id = (
        Api(client, person)
        .post(f"/api/v1/authorities/{nis.pk}/join-requests", {"role": "elected"})
        .json()["id"]
    )
    assert Api(client, officer).post(f"/api/v1/join-requests/{request_id}/accept").status_code == 403
    assert not Membership.objects.filter(user=person).exists()


def test_without_members_the_networks_coordinator_decides_else_staff(client):
    plovdiv = AuthorityFactory()
    association = NetworkFactory()
    network = NetworkFactory()
    NetworkMembership.objects.create(member=plovdiv, network=association)
    NetworkMembership.objects.create(member=association, network=network)
    coordinator = MembershipFactory(organisation=network, role=Role.COORDINATOR).user
    person = UserFactory()
    request_id = (
        Api(client, person)
        .post(f"/api/v1/authorities/{plovdiv.pk}/join-requests", {"role": "officer"})
        .json()["id"]
    )
    assert [r["id"] for r in Api(client, coordinator).get("/api/v1/me/join-requests").json()] == [request_id]
    staff = UserFactory(is_staff=True)
    refused = Api(client, staff).post(f"/api/v1/join-requests/{request_id}/refuse", {"reason": ""})
    assert refused.status_code == 422
    refused = Api(client, coordinator).post(
        f"/api/v1/join-requests/{request_id}/refuse", {"reason": "Unknown."}
    )
    assert refused.json()["status"] == "refused"
    assert JoinRequest.objects.get().reason == "Unknown."


def test_bad_requests_change_nothing(client):
    person = UserFactory()
    api = Api(client, person)
    missing = api.post("/api/v1/authorities/999999/join-requests", {"role": "officer"})
    assert (missing.status_code, missing.json()["detail"]) == (404, "This authority does not exist.")
    nis = AuthorityFactory()
    assert api.post(f"/api/v1/authorities/{nis.pk}/join-requests", {"role": "coordinator"}).status_code == 422
    assert (
        Api(client).post(f"/api/v1/authorities/{nis.pk}/join-requests", {"role": "officer"}).status_code
        == 401
    )
    assert api.post(f"/api/v1/authorities/{nis.pk}/join-requests", {"role": "officer"}).status_code == 201
    assert api.post(f"/api/v1/authorities/{nis.pk}/join-requests", {"role": "officer"}).status_code == 409
    assert JoinRequest.objects.count() == 1


def test_the_pages_ask_and_decide(client):
    nis = AuthorityFactory(name="Ниш")
    officer = MembershipFactory(organisation=nis, role=Role.OFFICER).user
    person = UserFactory()
    client.force_login(person)
    assert 'data-testid="ask-to-join"' in client.get(f"/en/directory/{nis.pk}/").content.decode()
    sent = client.post(f"/en/me/organisations/{nis.pk}/join/", {"role": "officer", "message": "Hello"})
    assert sent.status_code == 302
    join_request = JoinRequest.objects.get()
    client.force_login(officer)
    page = client.get("/en/me/").content.decode()
    assert f'data-testid="join-request-{join_request.pk}"' in page
    decided = client.post(f"/en/me/join-requests/{join_request.pk}/accept/")
    assert decided.status_code == 302
    assert Membership.objects.confirmed().filter(user=person, organisation=nis).exists()
