"""Bounds of what people write in a project: one-line fields, long texts, dates and code lists.

A refused value changes nothing and says why; a title stored before these rules never breaks a mail header.
"""

from datetime import date

import pytest
from django.core import mail
from django.utils import translation

from mostovi.projects import services
from mostovi.projects.exceptions import InvalidInput
from mostovi.projects.models import (
    Activity,
    Comment,
    ExpertiseMission,
    ProgrammeVersion,
    Project,
    ProjectText,
)
from mostovi.projects.tasks import notify_partners

from .factories import actions_for, bring_to_joint_definition, make_project, make_world

pytestmark = pytest.mark.django_db

LONG = "x" * 20_001


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    return make_world()


@pytest.mark.parametrize("title", ["Eau\r\nBcc: victim@example.org", "Eau\tà Niš", "Eau\x00", "Eau\x85Niš"])
def test_a_title_with_a_line_break_or_a_control_character_is_refused(world, title):
    with pytest.raises(InvalidInput, match="one line only"):
        make_project(world, title=title)
    assert not Project.objects.exists()


def test_a_summary_is_bounded_and_keeps_its_line_breaks(world):
    with pytest.raises(InvalidInput, match=r"^Summary: 20000 characters at most\.$"):
        make_project(world, summary=LONG)
    assert not Project.objects.exists()
    project = make_project(world, summary="Un.\r\nDeux.")
    assert project.texts.get(field="summary").text == "Un.\nDeux."


def test_a_language_is_stored_in_one_case(world):
    project = make_project(world, language="sr-Latn")
    text = project.texts.get()
    assert text.language == "sr-latn"
    services.project_text_set(
        actor=world.officer_lyon,
        project=project,
        field="title",
        language="sr-LATN",
        text="B",
        revision=text.revision,
    )
    assert list(project.texts.values_list("language", "text")) == [("sr-latn", "B")]


def test_an_unknown_language_is_refused(world):
    with pytest.raises(InvalidInput, match="Unknown language code: xx"):
        make_project(world, language="xx")


def test_a_translated_title_is_one_line_and_a_summary_is_bounded(world):
    project = make_project(world)
    with pytest.raises(InvalidInput, match="one line only"):
        services.project_text_set(
            actor=world.officer_lyon, project=project, field="title", language="en", text="A\nB", revision=0
        )
    with pytest.raises(InvalidInput, match="20000 characters at most"):
        services.project_text_set(
            actor=world.officer_lyon, project=project, field="summary", language="en", text=LONG, revision=0
        )
    assert ProjectText.objects.count() == 1


def test_project_themes_are_catalogue_codes(world):
    project = make_project(world)
    with pytest.raises(InvalidInput, match=r"^Themes: unknown code anything at all\.$"):
        services.project_update(
            actor=world.officer_lyon, project=project, revision=1, themes=["anything at all"]
        )
    services.project_update(actor=world.officer_lyon, project=project, revision=1, themes=["waste", "waste"])
    project.refresh_from_db()
    assert project.themes == ["waste"]


def test_project_languages_of_work_are_known_codes_in_one_case(world):
    project = make_project(world)
    with pytest.raises(InvalidInput, match="Unknown language code"):
        services.project_update(
            actor=world.officer_lyon, project=project, revision=1, working_languages=["<b>"]
        )
    services.project_update(
        actor=world.officer_lyon, project=project, revision=1, working_languages=["sr-Latn", "sr-latn", "FR"]
    )
    project.refresh_from_db()
    assert project.working_languages == ["sr-latn", "fr"]


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_project_dates_out_of_range_are_refused(world, day):
    project = make_project(world)
    with pytest.raises(InvalidInput, match=r"^Dates must fall between 1950 and 2100\.$"):
        services.project_update(actor=world.officer_lyon, project=project, revision=1, planned_start=day)
    project.refresh_from_db()
    assert (project.revision, project.planned_start) == (1, None)


def test_project_locations_are_bounded(world):
    project = make_project(world)
    with pytest.raises(InvalidInput):
        services.project_update(actor=world.officer_lyon, project=project, revision=1, locations=["Niš\r\nX"])
    with pytest.raises(InvalidInput):
        services.project_update(actor=world.officer_lyon, project=project, revision=1, locations=[LONG])
    with pytest.raises(InvalidInput):
        services.project_update(actor=world.officer_lyon, project=project, revision=1, locations="Niš")


def _mission(world, project, **values):
    base = {"title": "Mission", "starts_on": date(2026, 10, 5), "ends_on": date(2026, 10, 9)}
    return services.mission_record(actor=world.officer_lyon, project=project, **(base | values))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"findings": "x" * 2_000_000}, "Findings: 20000 characters at most"),
        ({"recommendations": LONG}, "Recommendations: 20000 characters at most"),
        ({"terms_of_reference": LONG}, "Terms of reference: 20000 characters at most"),
        ({"title": "Mission\r\nBcc: x@example.org"}, "one line only"),
        ({"starts_on": date(1, 1, 1)}, "Dates must fall between 1950 and 2100"),
        ({"ends_on": date(9999, 1, 1)}, "Dates must fall between 1950 and 2100"),
    ],
)
def test_mission_texts_and_dates_are_bounded(world, values, message):
    project = make_project(world)
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    with pytest.raises(InvalidInput, match=message):
        _mission(world, project, **values)
    assert not ExpertiseMission.objects.exists()


def test_a_mission_update_is_bounded_too(world):
    project = make_project(world)
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    mission = _mission(world, project)
    with pytest.raises(InvalidInput, match="Findings: 20000 characters at most"):
        services.mission_update(actor=world.officer_lyon, mission=mission, revision=1, findings=LONG)
    mission.refresh_from_db()
    assert (mission.revision, mission.findings) == (1, "")


@pytest.mark.parametrize(
    ("objectives", "change", "message"),
    [
        ("x" * 2_400_000, {}, "Objectives: 20000 characters at most"),
        ("", {"title": "Action\nBcc: x"}, "one line only"),
        ("", {"description": LONG}, "Description: 20000 characters at most"),
        ("", {"expected_results": LONG}, "Expected results: 20000 characters at most"),
        ("", {"starts_on": "0001-01-01"}, "Dates must fall between 1950 and 2100"),
        ("", {"ends_on": "9999-12-31"}, "Dates must fall between 1950 and 2100"),
        ("", {"starts_on": "soon"}, "A date is expected"),
    ],
)
def test_programme_texts_and_dates_are_bounded(world, objectives, change, message):
    project = bring_to_joint_definition(world, make_project(world))
    actions = actions_for(world)
    actions[0] = actions[0] | change
    with pytest.raises(InvalidInput, match=message):
        services.programme_update(
            actor=world.officer_lyon, project=project, version=0, actions=actions, objectives=objectives
        )
    assert not ProgrammeVersion.objects.exists()


def test_too_many_programme_actions_are_refused(world):
    project = bring_to_joint_definition(world, make_project(world))
    actions = [{"title": f"Action {n}", "partner_id": world.lyon.pk} for n in range(201)]
    with pytest.raises(InvalidInput, match="200 actions at most"):
        services.programme_update(actor=world.officer_lyon, project=project, version=0, actions=actions)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": "Atelier\r\nX"}, "one line only"),
        ({"title": "x" * 256}, "255 characters at most"),
        ({"starts_on": date(1, 1, 1)}, "Dates must fall between 1950 and 2100"),
    ],
)
def test_activity_title_and_dates_are_bounded(world, values, message):
    project = make_project(world)
    with pytest.raises(InvalidInput, match=message):
        services.activity_create(
            actor=world.officer_lyon,
            project=project,
            partner_id=world.lyon.pk,
            **({"title": "Atelier"} | values),
        )
    assert not Activity.objects.exists()


def test_a_comment_holds_no_control_character_but_keeps_its_lines(world):
    project = make_project(world)
    with pytest.raises(InvalidInput, match="control characters"):
        services.comment_post(actor=world.officer_lyon, project=project, body="Bonjour\x00")
    comment = services.comment_post(actor=world.officer_lyon, project=project, body="Bonjour,\r\nà demain.")
    assert Comment.objects.get(pk=comment.pk).body == "Bonjour,\nà demain."


def test_a_reason_for_a_decision_is_bounded(world):
    project = make_project(world)
    with pytest.raises(InvalidInput, match="Reason: 20000 characters at most"):
        services.project_transition(actor=world.officer_lyon, project=project, to="suspended", reason=LONG)


def test_a_title_stored_with_a_line_break_never_breaks_the_mail_subject(world):
    """Stored before the rule (or written around it): the notification still goes, on one header line."""
    project = make_project(world)
    ProjectText.objects.filter(project=project).update(text="Eau\r\nBcc: victim@example.org")
    mail.outbox.clear()
    sent = notify_partners.call(project_id=project.pk, kind="project.created", actor_id=None, data={})
    assert sent == len(mail.outbox) > 0
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.subject.startswith("[Mostovi] Eau Bcc: victim@example.org")


def test_the_api_answers_422_for_a_title_with_a_line_break(world, client):
    client.force_login(world.officer_lyon)
    response = client.post(
        "/api/v1/projects",
        {
            "title": "Eau\r\nBcc: x@example.org",
            "language": "fr",
            "partner_ids": [world.lyon.pk, world.nis.pk],
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert (
        response.json()["detail"] == "Title: one line only, without line breaks, tabs or control characters."
    )
    assert not Project.objects.exists()


def test_the_create_form_shows_the_refusal_of_a_title_with_a_line_break(world, client):
    client.force_login(world.officer_lyon)
    response = client.post(
        "/en/projects/new/",
        {
            "title": "Eau\r\nBcc: x@example.org",
            "language": "fr",
            "partners": [world.lyon.pk],
            "visibility": "private",
        },
    )
    assert response.status_code == 422
    assert (
        "Title: one line only, without line breaks, tabs or control characters." in response.content.decode()
    )
    assert not Project.objects.exists()


def test_the_mission_form_refuses_two_megabytes_of_findings(world, client):
    project = make_project(world)
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/projects/{project.pk}/mission/",
        {
            "title": "Mission eau",
            "starts_on": "2026-10-05",
            "ends_on": "2026-10-09",
            "findings": "x" * 2_000_000,
        },
    )
    assert response.status_code == 422
    assert "Findings: 20000 characters at most." in response.content.decode()
    assert not ExpertiseMission.objects.exists()
