"""Follow-up action pages and API: boards with counts and overdue marks, fixed query counts, error codes."""

from datetime import date

import pytest
from django.utils import timezone, translation

from mostovi.evaluation.actions import services as action_services
from mostovi.evaluation.models import FollowUpAction
from mostovi.projects.tests.factories import make_project, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def project(world):
    return make_project(world)


def add(world, project, title, due_on):
    return action_services.action_create(
        actor=world.officer_lyon,
        project=project,
        title=title,
        owner_id=world.membership(world.officer_nis, world.nis).pk,
        due_on=due_on,
        language="fr",
    )


def test_the_project_board_marks_overdue_in_words_and_reads_a_fixed_number_of_queries(
    client, world, project, django_assert_max_num_queries
):
    today = timezone.localdate()
    late = add(world, project, "En retard", date(2020, 1, 1))
    add(world, project, "À venir", date(today.year + 1, 1, 1))
    client.force_login(world.officer_lyon)
    url = f"/en/evaluation/projects/{project.pk}/actions/"
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for index in range(5):
        add(world, project, f"Action {index}", date(2020, 2, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "7 open actions, 6 overdue" in html
    assert f'data-testid="overdue-{late.pk}"' in html
    assert html.index("En retard") < html.index("À venir")


def test_the_authority_board_shows_public_actions_only_to_anonymous_visitors(client, world, project):
    add(world, project, "Privée", date(2020, 1, 1))
    url = f"/en/evaluation/authorities/{world.nis.pk}/actions/"
    assert "Privée" not in client.get(url).content.decode()
    client.force_login(world.officer_nis)
    html = client.get(url + "?overdue=1").content.decode()
    assert "Privée" in html
    assert "1 open action, 1 overdue" in html


def test_adding_without_owner_answers_422_with_the_message(client, world, project):
    client.force_login(world.officer_lyon)
    with translation.override("en"):
        response = client.post(
            f"/en/evaluation/projects/{project.pk}/actions/new/", {"title": "X", "due_on": "2027-01-01"}
        )
    assert response.status_code == 422
    assert "Name the role that owns this action." in response.content.decode()
    assert FollowUpAction.objects.count() == 0


def test_observers_of_a_partner_get_403_on_the_form_and_outsiders_404(client, world, project):
    from mostovi.accounts.models import Role
    from mostovi.accounts.tests.factories import MembershipFactory

    observer = MembershipFactory(organisation=world.nis, role=Role.OBSERVER).user
    url = f"/en/evaluation/projects/{project.pk}/actions/new/"
    client.force_login(observer)
    assert client.get(url).status_code == 403
    client.force_login(world.officer_sofia)
    assert client.get(url).status_code == 404


def test_api_create_list_and_status(client, world, project):
    client.force_login(world.officer_lyon)
    base = f"/api/v1/projects/{project.pk}/follow-up-actions"
    owner = world.membership(world.officer_nis, world.nis)
    payload = {"title": "Sectoriser", "owner_id": owner.pk, "due_on": "2020-01-01", "language": "fr"}
    response = client.post(base, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["owner"]["authority_id"], body["owner"]["role"], body["overdue"]) == (
        world.nis.pk,
        "officer",
        True,
    )
    missing = client.post(
        base, {**payload, "owner_id": None}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert missing.status_code == 422
    assert missing.json()["detail"] == "Name the role that owns this action."
    listed = client.get(f"/api/v1/authorities/{world.nis.pk}/follow-up-actions?overdue=true").json()
    assert [i["id"] for i in listed["items"]] == [body["id"]]
    no_evidence = client.post(f"{base}/{body['id']}/status", {"to": "done"}, content_type="application/json")
    assert no_evidence.status_code == 422
    wrong = client.post(f"{base}/{body['id']}/status", {"to": "open"}, content_type="application/json")
    assert wrong.status_code == 409
    done = client.post(
        f"{base}/{body['id']}/status", {"to": "done", "evidence": "Photos"}, content_type="application/json"
    )
    assert (done.status_code, done.json()["status"], done.json()["overdue"]) == (200, "done", False)
    assert client.get(f"{base}/999999").status_code == 404


def test_api_lessons_search(client, world, project):
    from mostovi.evaluation.lessons import services as lesson_services

    lesson_services.lesson_create(
        actor=world.officer_nis,
        project=project,
        authority_id=world.nis.pk,
        title="Ниш",
        text="",
        language="sr",
    )
    client.force_login(world.officer_lyon)
    items = client.get("/api/v1/lessons?q=Nis").json()["items"]
    assert [(i["title"], i["authority_id"]) for i in items] == [("Ниш", world.nis.pk)]
