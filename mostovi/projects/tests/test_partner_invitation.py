"""A partner with nobody on Mostovi is brought in by another partner: invitation, provisional membership,
confirmation; the provisional member's acceptance counts for the gate only once confirmed."""

import re
from datetime import date

import pytest
from django.core import mail

from mostovi.accounts.models import Invitation, Membership, Role
from mostovi.accounts.tests.factories import UserFactory
from mostovi.core.models import Event
from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.projects import services
from mostovi.projects.models import MissionAcceptance

from .factories import make_project, make_world
from .test_api import Caller

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Plovdiv-on-the-Maritsa-1"


@pytest.fixture(autouse=True)
def _mails_leave(django_capture_on_commit_callbacks):
    """Run what services queue after commit (the invitation e-mail) at once."""
    from django.db import transaction

    original = transaction.on_commit
    transaction.on_commit = lambda func, using=None, robust=False: func()
    yield
    transaction.on_commit = original


@pytest.fixture
def world():
    world = make_world()
    world.plovdiv = AuthorityFactory(
        name="Пловдив", name_latin="Plovdiv", country="BG", website="https://www.plovdiv.bg/"
    )
    return world


def _project_waiting_for_plovdiv(world):
    project = make_project(world, partner_ids=[world.lyon.pk, world.plovdiv.pk])
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    mission = services.mission_record(
        actor=world.officer_lyon,
        project=project,
        title="Mission d'expertise eau",
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 10, 9),
        findings="Pertes de 40 % sur le réseau.",
        recommendations="Sectoriser le réseau.",
    )
    services.mission_accept(actor=world.officer_lyon, project=project, mission=mission, revision=1)
    return project, mission


def _as_invited(client, user) -> Caller:
    """A caller for a person who chose their own password when accepting."""
    caller = Caller(client)
    response = client.post(
        "/api/v1/auth/token",
        data={"email": user.email, "password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    caller.headers["Authorization"] = f"Bearer {response.json()['token']}"
    return caller


def _token_from_mail(message) -> str:
    link = re.search(r"https?://\S+/invitations/(\S+?)/\s", message.body)
    assert link, message.body
    return link.group(1)


def test_the_whole_story_through_the_api(world, client):
    project, mission = _project_waiting_for_plovdiv(world)
    lyon = Caller(client, world.officer_lyon)
    mail.outbox.clear()
    response = lyon.post(
        f"/api/v1/projects/{project.pk}/invitations",
        {
            "email": "Ivan.Petrov@gmail.example",
            "authority_id": world.plovdiv.pk,
            "role": "officer",
            "language": "bg",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["email"], body["authority_id"], body["role"]) == (
        "ivan.petrov@gmail.example",
        world.plovdiv.pk,
        "officer",
    )
    assert "expires_at" in body
    (message,) = mail.outbox
    assert message.to == ["ivan.petrov@gmail.example"]
    assert "Lyon" in message.body and "Пловдив" in message.subject
    token = _token_from_mail(message)

    anonymous = Caller(client)
    accepted = anonymous.post(
        "/api/v1/invitations/accept", {"token": token, "name": "Иван Петров", "password": NEW_PASSWORD}
    )
    assert accepted.status_code == 201, accepted.content
    membership = accepted.json()["membership"]
    assert (membership["authority_id"], membership["role"], membership["status"]) == (
        world.plovdiv.pk,
        "officer",
        "provisional",
    )
    # The link is used once.
    again = anonymous.post(
        "/api/v1/invitations/accept", {"token": token, "name": "X", "password": NEW_PASSWORD}
    )
    assert again.status_code == 404
    assert again.json()["detail"] == "This invitation link is invalid, expired or already used."

    ivan = Membership.objects.get(pk=membership["id"]).user
    client.logout()
    ivan_api = _as_invited(client, ivan)
    response = ivan_api.post(
        f"/api/v1/projects/{project.pk}/expertise-missions/{mission.pk}/acceptances", {"revision": 1}
    )
    assert response.status_code == 201, response.content
    assert Event.objects.filter(kind="mission.accepted", actor=ivan).get().data["provisional"] is True
    timeline = lyon.get(f"/api/v1/projects/{project.pk}/timeline")
    assert timeline.status_code == 200
    accepted_events = [e for e in timeline.json()["items"] if e["kind"] == "mission.accepted"]
    assert [e["data"].get("provisional") for e in accepted_events] == [True, None]
    # Recorded, but it does not open the gate until the membership is confirmed.
    refused = lyon.post(f"/api/v1/projects/{project.pk}/transitions", {"to": "joint_definition"})
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "The expertise mission report is not yet accepted by: Пловдив (Plovdiv)."
    )

    # The member cannot confirm themself; staff can.
    assert ivan_api.post(f"/api/v1/memberships/{membership['id']}/confirm").status_code == 403
    staff = UserFactory(is_staff=True)
    confirmed = Caller(client, staff).post(f"/api/v1/memberships/{membership['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "confirmed"

    moved = lyon.post(f"/api/v1/projects/{project.pk}/transitions", {"to": "joint_definition"})
    assert moved.status_code == 200, moved.content
    assert MissionAcceptance.objects.filter(authority=world.plovdiv, accepted_by=ivan).count() == 1


def test_an_authority_with_members_is_refused_with_how_to_reach_them(world, client):
    project = make_project(world)
    response = Caller(client, world.officer_lyon).post(
        f"/api/v1/projects/{project.pk}/invitations",
        {"email": "someone@example.net", "authority_id": world.nis.pk, "role": "officer", "language": "sr"},
    )
    assert response.status_code == 409
    assert "already has members" in response.json()["detail"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("who", "payload", "status"),
    [
        ("officer_lyon", {"authority": "sofia", "role": "officer"}, 422),  # not a partner
        ("officer_lyon", {"authority": "plovdiv", "role": "elected"}, 403),  # above the inviter's role
        ("officer_lyon", {"authority": "plovdiv", "role": "coordinator"}, 422),
        ("officer_lyon", {"authority": "plovdiv", "role": "officer", "language": "xx"}, 422),
        ("officer_lyon", {"authority": "plovdiv", "role": "officer", "email": "not an address"}, 422),
        ("officer_sofia", {"authority": "plovdiv", "role": "officer"}, 404),  # not a partner: sees nothing
    ],
)
def test_bad_invitations_change_nothing(world, client, who, payload, status):
    project, _mission = _project_waiting_for_plovdiv(world)
    body = {
        "email": payload.get("email", "new@example.net"),
        "authority_id": getattr(world, payload["authority"]).pk,
        "role": payload["role"],
        "language": payload.get("language", "bg"),
    }
    response = Caller(client, getattr(world, who)).post(f"/api/v1/projects/{project.pk}/invitations", body)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not Invitation.objects.exists()


def test_an_address_on_the_official_domain_is_confirmed_at_once(world, client):
    project, _mission = _project_waiting_for_plovdiv(world)
    mail.outbox.clear()
    services.project_invitation_create(
        actor=world.officer_lyon,
        project=project,
        authority_id=world.plovdiv.pk,
        email="ivan@plovdiv.bg",
        role=Role.OFFICER,
        language="bg",
        base_url="http://testserver/",
    )
    token = _token_from_mail(mail.outbox[0])
    accepted = Caller(client).post(
        "/api/v1/invitations/accept", {"token": token, "name": "Иван Петров", "password": NEW_PASSWORD}
    )
    assert accepted.json()["membership"]["status"] == "confirmed"


def test_a_provisional_member_acts_in_its_project_only(world, client):
    project, _mission = _project_waiting_for_plovdiv(world)
    other = make_project(world, partner_ids=[world.lyon.pk, world.plovdiv.pk])
    mail.outbox.clear()
    services.project_invitation_create(
        actor=world.officer_lyon,
        project=project,
        authority_id=world.plovdiv.pk,
        email="ivan@gmail.example",
        role=Role.OFFICER,
        language="bg",
        base_url="http://testserver/",
    )
    token = _token_from_mail(mail.outbox[0])
    Caller(client).post(
        "/api/v1/invitations/accept", {"token": token, "name": "Иван", "password": NEW_PASSWORD}
    )
    ivan = Membership.objects.get(organisation=world.plovdiv).user
    ivan_api = _as_invited(client, ivan)
    assert ivan_api.get(f"/api/v1/projects/{project.pk}").status_code == 200
    assert ivan_api.get(f"/api/v1/projects/{other.pk}").status_code == 404
    # Nor does it let the person invite colleagues to the authority.
    response = ivan_api.post(
        f"/api/v1/projects/{project.pk}/invitations",
        {"email": "x@example.net", "authority_id": world.lyon.pk, "role": "officer", "language": "fr"},
    )
    assert response.status_code == 403


def test_refusal_ends_the_membership_and_says_why(world, client):
    project, _mission = _project_waiting_for_plovdiv(world)
    mail.outbox.clear()
    services.project_invitation_create(
        actor=world.officer_lyon,
        project=project,
        authority_id=world.plovdiv.pk,
        email="ivan@gmail.example",
        role=Role.OFFICER,
        language="bg",
        base_url="http://testserver/",
    )
    token = _token_from_mail(mail.outbox[0])
    body = (
        Caller(client)
        .post("/api/v1/invitations/accept", {"token": token, "name": "Иван", "password": NEW_PASSWORD})
        .json()
    )
    staff = Caller(client, UserFactory(is_staff=True))
    path = f"/api/v1/memberships/{body['membership']['id']}/refuse"
    assert staff.post(path, {"reason": ""}).status_code == 422
    refused = staff.post(path, {"reason": "Not known at the city hall."})
    assert refused.status_code == 200
    assert refused.json()["status"] == "refused"
    membership = Membership.objects.get(pk=body["membership"]["id"])
    assert membership.ended_at is not None and membership.refusal_reason == "Not known at the city hall."
    assert staff.post(f"/api/v1/memberships/{membership.pk}/confirm").status_code == 409


# --- the project page ---------------------------------------------------------------------------


def test_the_page_names_each_partners_people_and_invites_from_it(world, client):
    project, mission = _project_waiting_for_plovdiv(world)
    client.force_login(world.officer_lyon)
    page = client.get(f"/en/projects/{project.pk}/")
    html = page.content.decode()
    assert "nobody from Пловдив on Mostovi yet" in html
    assert f'data-testid="invite-{world.plovdiv.pk}"' in html
    assert f'data-testid="invite-{world.lyon.pk}"' not in html
    # The gate condition waiting on Plovdiv says that nobody from it is here, and links to the invitation.
    assert f'href="#nobody-{world.plovdiv.pk}" data-testid="gate-nobody-{world.plovdiv.pk}"' in html
    mail.outbox.clear()
    response = client.post(
        f"/en/projects/{project.pk}/partners/{world.plovdiv.pk}/invite/",
        {"email": "ivan@gmail.example", "role": "officer", "language": "bg"},
    )
    assert response.status_code == 302
    assert Invitation.objects.get().project_scope == project.pk
    token = _token_from_mail(mail.outbox[0])

    client.logout()
    landing = client.get(f"/en/me/invitations/{token}/")
    assert "Create my account and accept" in landing.content.decode()
    accepted = client.post(f"/en/me/invitations/{token}/", {"name": "Иван Петров", "password": NEW_PASSWORD})
    assert accepted.status_code == 302 and accepted.url == f"/en/projects/{project.pk}/"
    accept = client.post(
        f"/en/projects/{project.pk}/mission/accept/",
        {"authority": world.plovdiv.pk, "revision": mission.revision},
    )
    assert accept.status_code == 302
    html = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert "accepted by Пловдив — provisional, until Иван Петров's membership is confirmed" in html
    assert "(as a provisional member)" in html  # on the timeline, hence in the handover pack

    # A bad address is refused beside its field, and nothing is sent.
    client.force_login(world.officer_lyon)
    refused = client.post(
        f"/en/projects/{project.pk}/partners/{world.plovdiv.pk}/invite/",
        {"email": "not an address", "role": "officer", "language": "bg"},
    )
    assert refused.status_code == 422
    assert Invitation.objects.count() == 1


def test_a_condition_with_nothing_to_check_is_not_applicable_never_met(world, client):
    project = make_project(world, partner_ids=[world.lyon.pk, world.plovdiv.pk])
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    client.force_login(world.officer_lyon)
    html = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert (
        '<li class="not-applicable">' in html
        and 'Every partner accepted the expertise mission report. <small class="muted">(not applicable yet)'
        in html
    )


def test_a_refused_provisional_acceptance_leaves_the_place_to_a_confirmed_colleague(world, client):
    from mostovi.accounts.models import MembershipStatus, User
    from mostovi.accounts.services import membership_refuse
    from mostovi.accounts.tests.factories import MembershipFactory

    project, mission = _project_waiting_for_plovdiv(world)
    mail.outbox.clear()
    services.project_invitation_create(
        actor=world.officer_lyon,
        project=project,
        authority_id=world.plovdiv.pk,
        email="ivan@gmail.example",
        role=Role.OFFICER,
        language="bg",
        base_url="http://testserver/",
    )
    token = _token_from_mail(mail.outbox[0])
    Caller(client).post(
        "/api/v1/invitations/accept", {"token": token, "name": "Иван", "password": NEW_PASSWORD}
    )
    ivan = User.objects.get(email="ivan@gmail.example")
    services.mission_accept(actor=ivan, project=project, mission=mission, revision=1)
    membership = Membership.objects.get(user=ivan, organisation=world.plovdiv)
    membership_refuse(
        actor=UserFactory(is_staff=True), membership=membership, reason="Not known at the city hall."
    )

    # A confirmed officer of Plovdiv accepts: the report is accepted for Plovdiv, and the project moves on.
    colleague = MembershipFactory(organisation=world.plovdiv, role=Role.OFFICER).user
    assert Membership.objects.get(user=colleague).status == MembershipStatus.CONFIRMED
    services.mission_accept(actor=colleague, project=project, mission=mission, revision=1)
    acceptance = MissionAcceptance.objects.get(mission=mission, authority=world.plovdiv)
    assert acceptance.accepted_by == colleague
    services.project_transition(actor=world.officer_lyon, project=project, to="joint_definition")
    project.refresh_from_db()
    assert project.phase == "joint_definition"
    # Ivan's refused acceptance stays in the journal.
    assert Event.objects.filter(kind="mission.accepted", actor=ivan).exists()


def test_the_person_is_told_by_email_when_confirmed_or_refused(world, client):
    from mostovi.accounts.models import User
    from mostovi.accounts.services import membership_confirm

    project, _mission = _project_waiting_for_plovdiv(world)
    staff = UserFactory(is_staff=True)
    for address, decide in (("petar@gmail.example", "refuse"), ("ivan@gmail.example", "confirm")):
        mail.outbox.clear()
        services.project_invitation_create(
            actor=world.officer_lyon,
            project=project,
            authority_id=world.plovdiv.pk,
            email=address,
            role=Role.OFFICER,
            language="en",
            base_url="http://testserver/",
        )
        token = _token_from_mail(mail.outbox[0])
        Caller(client).post(
            "/api/v1/invitations/accept", {"token": token, "name": "X", "password": NEW_PASSWORD}
        )
        person = User.objects.get(email=address)
        person.preferred_language = "en"
        person.save(update_fields=["preferred_language"])
        membership = Membership.objects.get(user=person, organisation=world.plovdiv)
        mail.outbox.clear()
        if decide == "confirm":
            membership_confirm(actor=staff, membership=membership)
            (message,) = mail.outbox
            assert message.to == [address]
            assert message.subject == "Your membership of Пловдив (Plovdiv) is confirmed"
        else:
            from mostovi.accounts.services import membership_refuse

            membership_refuse(actor=staff, membership=membership, reason="Not known at the city hall.")
            (message,) = mail.outbox
            assert message.subject == "Your membership of Пловдив (Plovdiv) was refused"
            assert "for this reason: Not known at the city hall." in message.body
