"""Approvals are tied to the version the approver read, and shared texts to the revision their edit started
from: a stale one is refused (409) and a missing one is invalid (422), by the pages and the API alike, and
nothing is written."""

import json
from datetime import date

import pytest

from mostovi.core.models import Event
from mostovi.projects import services
from mostovi.projects.models import MissionAcceptance, ProgrammeApproval, ProjectText

from .factories import actions_for, bring_to_joint_definition, make_project, make_world
from .test_api import Caller
from .test_views import html_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def as_user(client):
    return lambda user, language="en": Caller(client, user, language)


def _mission_changed_after_reading(world):
    """A mission whose report Lyon read in revision 1; Niš then changed it (revision 2)."""
    project = make_project(world)
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    mission = services.mission_record(
        actor=world.officer_lyon,
        project=project,
        title="Mission eau",
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 10, 9),
        findings="Pertes de 40 %",
        recommendations="Sectoriser",
    )
    services.mission_update(actor=world.officer_nis, mission=mission, revision=1, findings="Pertes de 55 %")
    return project, mission


def _programme_in_version_2(world):
    """Version 1 was shown to the approvers; Niš then saved version 2."""
    project = bring_to_joint_definition(world, make_project(world))
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    services.programme_update(
        actor=world.officer_nis, project=project, version=1, actions=actions_for(world)[:1]
    )
    return project


# --- mission report -----------------------------------------------------------------------------


def test_api_accepting_a_stale_mission_revision_answers_409_and_writes_nothing(world, as_user):
    project, mission = _mission_changed_after_reading(world)
    lyon = as_user(world.officer_lyon)
    events = Event.objects.count()
    response = lyon.post(
        f"/api/v1/projects/{project.pk}/expertise-missions/{mission.pk}/acceptances", {"revision": 1}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == (
        "The mission report was changed (revision 2) after the revision 1 you read: read it before accepting."
    )
    assert (body["current_version"], body["current"]["findings"], body["submitted"]) == (
        2,
        "Pertes de 55 %",
        {"version": 1},
    )
    assert not MissionAcceptance.objects.exists()
    assert Event.objects.count() == events


def test_api_accepting_without_a_revision_answers_422_and_writes_nothing(world, as_user):
    project, mission = _mission_changed_after_reading(world)
    lyon = as_user(world.officer_lyon)
    events = Event.objects.count()
    url = f"/api/v1/projects/{project.pk}/expertise-missions/{mission.pk}/acceptances"
    for body in ({}, {"authority_id": world.lyon.pk}, {"revision": None}, {"revision": "2"}):
        response = lyon.post(url, body)
        assert response.status_code == 422, body
        assert response.json()["detail"] == "The request is not valid: check the fields listed."
    assert not MissionAcceptance.objects.exists()
    assert Event.objects.count() == events


def test_api_accepting_the_current_revision_is_recorded_for_it(world, as_user):
    project, mission = _mission_changed_after_reading(world)
    response = as_user(world.officer_lyon).post(
        f"/api/v1/projects/{project.pk}/expertise-missions/{mission.pk}/acceptances", {"revision": 2}
    )
    assert response.status_code == 201
    assert response.json()["mission_revision"] == 2


def test_page_accepting_a_stale_mission_revision_is_refused_and_writes_nothing(client, world):
    project, _mission = _mission_changed_after_reading(world)
    events = Event.objects.count()
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/projects/{project.pk}/mission/accept/", {"authority": world.lyon.pk, "revision": "1"}
    )
    text = text_of(html_of(response, 409))
    assert (
        "The mission report was changed (revision 2) after the revision 1 you read: read it before accepting."
        in text
    )
    assert "Pertes de 55 %" in text  # the page shows the report as it is now
    assert not MissionAcceptance.objects.exists()
    assert Event.objects.count() == events


def test_page_accepting_without_a_revision_is_refused_and_writes_nothing(client, world):
    project, _mission = _mission_changed_after_reading(world)
    client.force_login(world.officer_lyon)
    response = client.post(f"/en/projects/{project.pk}/mission/accept/", {"authority": world.lyon.pk})
    assert "Say which version you approve: send the version you read." in text_of(html_of(response, 422))
    assert not MissionAcceptance.objects.exists()


def test_the_acceptance_form_carries_the_revision_shown(client, world):
    project, _mission = _mission_changed_after_reading(world)
    client.force_login(world.officer_lyon)
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert '<input type="hidden" name="revision" value="2">' in html


# --- programme ----------------------------------------------------------------------------------


def test_api_approving_a_stale_programme_version_answers_409_and_writes_nothing(world, as_user):
    project = _programme_in_version_2(world)
    elected_lyon = as_user(world.elected_lyon)
    events = Event.objects.count()
    response = elected_lyon.post(f"/api/v1/projects/{project.pk}/programme/approvals", {"version": 1})
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == (
        "A new version 2 of the programme was saved meanwhile: read it before approving."
    )
    assert (body["current_version"], len(body["current"]["actions"]), body["submitted"]) == (
        2,
        1,
        {"version": 1},
    )
    assert not ProgrammeApproval.objects.exists()
    assert Event.objects.count() == events


def test_api_approving_without_a_version_answers_422_and_writes_nothing(world, as_user):
    project = _programme_in_version_2(world)
    elected_lyon = as_user(world.elected_lyon)
    events = Event.objects.count()
    url = f"/api/v1/projects/{project.pk}/programme/approvals"
    for body in ({}, {"authority_id": world.lyon.pk}, {"version": None}, {"version": True}):
        response = elected_lyon.post(url, body)
        assert response.status_code == 422, body
        assert response.json()["detail"] == "The request is not valid: check the fields listed."
    assert elected_lyon.post(url, raw="").status_code == 422
    assert not ProgrammeApproval.objects.exists()
    assert Event.objects.count() == events


def test_page_approving_a_stale_programme_version_is_refused_and_writes_nothing(client, world):
    project = _programme_in_version_2(world)
    events = Event.objects.count()
    client.force_login(world.elected_lyon)
    response = client.post(
        f"/en/projects/{project.pk}/programme/approve/", {"authority": world.lyon.pk, "version": "1"}
    )
    text = text_of(html_of(response, 409))
    assert "A new version 2 of the programme was saved meanwhile: read it before approving." in text
    assert "Approve version 2 for Lyon" in text
    assert not ProgrammeApproval.objects.exists()
    assert Event.objects.count() == events


def test_page_approving_without_a_version_is_refused_and_writes_nothing(client, world):
    project = _programme_in_version_2(world)
    client.force_login(world.elected_lyon)
    for data in ({"authority": world.lyon.pk}, {"authority": world.lyon.pk, "version": "deux"}):
        response = client.post(f"/en/projects/{project.pk}/programme/approve/", data)
        assert "Say which version you approve: send the version you read." in text_of(html_of(response, 422))
    assert not ProgrammeApproval.objects.exists()


def test_the_service_refuses_a_stale_programme_version_whoever_calls_it(world):
    from mostovi.projects.exceptions import InvalidInput, StaleVersion

    project = _programme_in_version_2(world)
    with pytest.raises(StaleVersion):
        services.programme_approve(actor=world.elected_lyon, project=project, version=1)
    with pytest.raises(InvalidInput):
        services.programme_approve(actor=world.elected_lyon, project=project, version=None)
    assert not ProgrammeApproval.objects.exists()
    approval = services.programme_approve(actor=world.elected_lyon, project=project, version=2)
    assert approval.version.number == 2


# --- titles and summaries -----------------------------------------------------------------------


def test_api_a_text_edit_without_its_revision_answers_422_and_writes_nothing(world, as_user):
    project = make_project(world)
    url = f"/api/v1/projects/{project.pk}/texts/title/fr"
    for body in ({"text": "Autre titre"}, {"text": "Autre titre", "revision": None}):
        response = as_user(world.officer_nis).put(url, body)
        assert response.status_code == 422, body
    assert ProjectText.objects.get(project=project, language="fr").text == "Gestion de l'eau à Niš"


def test_api_two_partners_saving_the_same_summary_the_second_gets_409_with_their_text(world, as_user):
    project = make_project(world)
    url = f"/api/v1/projects/{project.pk}/texts/summary/sr"
    first = as_user(world.officer_nis).put(url, {"text": "Прва верзија", "revision": 0})
    assert first.status_code == 201
    # Lyon started from the same empty summary and saves second.
    second = as_user(world.officer_lyon).put(url, {"text": "Druga verzija", "revision": 0})
    assert second.status_code == 409
    assert second.json() == {
        "detail": "Someone saved this text after you opened it.",
        "current": "Прва верзија",
        "current_version": 1,
        "submitted": "Druga verzija",
    }
    assert ProjectText.objects.get(project=project, field="summary", language="sr").text == "Прва верзија"
    third = as_user(world.officer_lyon).put(url, {"text": "Druga verzija", "revision": 1})
    assert (third.status_code, third.json()["revision"]) == (200, 2)


def _translation_post(project, text, revisions):
    return {"field": "title", "language": "sr", "text": text, "revisions": json.dumps(revisions)}


def test_page_a_stale_translation_shows_the_form_again_with_both_texts(client, world):
    project = make_project(world)
    client.force_login(world.officer_lyon)
    page = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert 'name="revisions" value="{&quot;title:fr&quot;: 1}"' in page
    # Niš adds the Serbian title after Lyon opened the page.
    services.project_text_set(
        actor=world.officer_nis, project=project, field="title", language="sr", text="Вода у Нишу", revision=0
    )
    events = Event.objects.count()
    response = client.post(
        f"/en/projects/{project.pk}/translations/", _translation_post(project, "Voda u Nišu", {"title:fr": 1})
    )
    html = html_of(response, 409)
    text = text_of(html)
    assert "Someone saved this text after you opened it." in text
    assert "Someone else changed this text after you opened the page. Their text and yours:" in text
    assert "Вода у Нишу" in html  # their text
    assert "Voda u Nišu</textarea>" in html  # the user's own text, back in the form
    # The form now carries the revision saved meanwhile: saving again replaces it knowingly.
    assert "&quot;title:sr&quot;: 1" in html
    assert ProjectText.objects.get(project=project, language="sr").text == "Вода у Нишу"
    assert Event.objects.count() == events
    again = client.post(
        f"/en/projects/{project.pk}/translations/",
        _translation_post(project, "Voda u Nišu", {"title:fr": 1, "title:sr": 1}),
    )
    assert again.status_code == 302
    assert ProjectText.objects.get(project=project, language="sr").text == "Voda u Nišu"


def test_page_a_translation_without_revisions_is_refused(client, world):
    project = make_project(world)
    client.force_login(world.officer_nis)
    response = client.post(
        f"/en/projects/{project.pk}/translations/", {"field": "title", "language": "sr", "text": "Вода"}
    )
    assert "Send the revision of the text you started from (0 for a new text)." in text_of(
        html_of(response, 422)
    )
    assert not ProjectText.objects.filter(project=project, language="sr").exists()
