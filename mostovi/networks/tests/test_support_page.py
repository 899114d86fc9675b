"""Refusing a network's support on the project's page: partners only, once, with a reason, saying what
happened and telling the coordinators and the other partners."""

import pytest
from django.core import mail
from django.utils import timezone

from mostovi.networks import services
from mostovi.networks.models import ProjectSupport, SupportStatus
from mostovi.projects.models import Notification, Project, Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(world):
    project = Project.objects.get(partners__authority=world.nis)
    # The coordinator supports what it may see: a project past identification, visible to the networks.
    Project.objects.filter(pk=project.pk).update(
        phase="joint_definition", visibility=Visibility.NETWORK, published_at=timezone.now()
    )
    project.refresh_from_db()
    return services.project_support_record(
        actor=world.coordinator, network=world.network, project=project, programme="NALAS water"
    )


def _refuse_url(support):
    return f"/en/networks/projects/{support.project_id}/supports/{support.pk}/refuse/"


def test_the_project_page_has_the_section_that_loads_the_supports(client, world, support):
    client.force_login(world.officer_lyon)
    page = client.get(f"/en/projects/{support.project_id}/").content.decode()
    assert 'id="network-support"' in page
    assert f'hx-get="/en/networks/projects/{support.project_id}/supports/"' in page


def test_a_partner_sees_the_support_and_the_confirmation(client, world, support):
    client.force_login(world.officer_lyon)
    response = client.get(f"/en/networks/projects/{support.project_id}/supports/", HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert "NALAS water" in text and "Refuse this support" in text
    assert "will not be able to record it again" in text and "coordinators will receive an e-mail" in text
    assert f'name="authority" value="{world.lyon.pk}"' in text


def test_a_partner_refuses_and_the_page_says_what_was_done(
    client, world, support, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(world.officer_lyon)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_refuse_url(support), {"authority": world.lyon.pk, "reason": "Own funding"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/projects/{support.project_id}/#network-support"
    support.refresh_from_db()
    assert (support.status, support.refused_for_id, support.refusal_reason) == (
        SupportStatus.REFUSED,
        world.lyon.pk,
        "Own funding",
    )
    page = client.get(response["Location"]).content.decode()
    assert "You refused the support of the programme of NALAS for Lyon." in page
    listed = client.get(f"/en/networks/projects/{support.project_id}/supports/").content.decode()
    assert "Refused by Lyon on" in listed and "Reason: Own funding" in listed
    assert "Refuse this support" not in listed
    # The coordinator by e-mail, with the reason; Niš's members by a notification.
    to_coordinator = [m for m in mail.outbox if world.coordinator.email in m.to]
    assert len(to_coordinator) == 1 and "Own funding" in to_coordinator[0].body
    assert Notification.objects.filter(user=world.officer_nis, kind="network.support_refused").exists()
    assert not Notification.objects.filter(user=world.officer_lyon).filter(kind="network.support_refused")


def test_a_non_partner_gets_403_and_nothing_changes(client, world, support):
    # The coordinator sees the project (visible to the networks) but is no partner of it.
    client.force_login(world.coordinator)
    listed = client.get(f"/en/networks/projects/{support.project_id}/supports/").content.decode()
    assert "Refuse this support" not in listed
    response = client.post(_refuse_url(support), {"authority": world.lyon.pk})
    assert response.status_code == 403
    assert "Only the members of a partner authority can refuse the support." in response.content.decode()
    # Lyon's officer cannot refuse on behalf of Niš either.
    client.force_login(world.officer_lyon)
    assert client.post(_refuse_url(support), {"authority": world.nis.pk}).status_code == 403
    # An observer of Lyon has no acting role.
    client.force_login(world.observer_lyon)
    assert client.post(_refuse_url(support), {"authority": world.lyon.pk}).status_code == 403
    support.refresh_from_db()
    assert support.status == SupportStatus.RECORDED


def test_a_second_refusal_gets_a_clear_message(client, world, support):
    client.force_login(world.officer_lyon)
    assert (
        client.post(_refuse_url(support), {"authority": world.lyon.pk, "reason": "First"}).status_code == 302
    )
    client.force_login(world.officer_nis)
    response = client.post(_refuse_url(support), {"authority": world.nis.pk, "reason": "Second"})
    assert response.status_code == 409
    assert "This support was already refused on" in response.content.decode()
    assert "nothing was changed" in response.content.decode()
    support.refresh_from_db()
    assert (support.refused_for_id, support.refusal_reason) == (world.lyon.pk, "First")


def test_a_too_long_reason_is_refused_beside_the_form(client, world, support):
    client.force_login(world.officer_lyon)
    response = client.post(_refuse_url(support), {"authority": world.lyon.pk, "reason": "x" * 1001})
    assert response.status_code == 422
    assert "Refuse this support" in response.content.decode()
    assert ProjectSupport.objects.get(pk=support.pk).status == SupportStatus.RECORDED


def test_someone_who_may_not_see_the_project_gets_404(client, world, support):
    client.force_login(world.outsider)
    assert client.post(_refuse_url(support), {"authority": world.lyon.pk}).status_code == 404
    assert client.get(f"/en/networks/projects/{support.project_id}/supports/").status_code == 404


def test_the_api_refusal_takes_a_reason_and_answers_409_the_second_time(client, world, support):
    client.force_login(world.officer_lyon)
    url = f"/api/v1/projects/{support.project_id}/network-support/{support.pk}/refuse"
    response = client.post(url, {"authority_id": world.lyon.pk, "reason": "Own funding"}, "application/json")
    assert response.status_code == 200 and response.json()["reason"] == "Own funding"
    response = client.post(
        url, {"authority_id": world.lyon.pk}, "application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409 and "already refused" in response.json()["detail"]
