"""The Projects API (`docs/API.md`): the whole story with bearer tokens, and the refusals."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostovi.accounts.tests.factories import PASSWORD
from mostovi.core.models import Event
from mostovi.projects import services
from mostovi.projects.models import (
    ExpertiseMission,
    MissionAcceptance,
    Phase,
    ProgrammeApproval,
    ProgrammeVersion,
    Project,
)

from .factories import actions_for, bring_to_joint_definition, make_project, make_world

pytestmark = pytest.mark.django_db

VALIDATION_DETAIL = "The request is not valid: check the fields listed."
NOT_FOUND = {"detail": "No project has this id."}
MISSION_FIRST = "An expertise mission with its findings and recommendations must be recorded first."


@pytest.fixture
def world():
    return make_world()


class Caller:
    """A client speaking English for one user (bearer token) or anonymously."""

    def __init__(self, client, user=None, language="en"):
        self.client = client
        self.headers = {"Accept-Language": language}
        if user is not None:
            response = client.post(
                "/api/v1/auth/token",
                data={"email": user.email, "password": PASSWORD},
                content_type="application/json",
            )
            assert response.status_code == 200, response.content
            self.headers["Authorization"] = f"Bearer {response.json()['token']}"

    def get(self, path):
        return self.client.get(path, headers=self.headers)

    def _send(self, method, path, data=None, raw=None):
        body = raw if raw is not None else ({} if data is None else data)
        return getattr(self.client, method)(
            path, data=body, content_type="application/json", headers=self.headers
        )

    def post(self, path, data=None, raw=None):
        return self._send("post", path, data, raw)

    def put(self, path, data=None, raw=None):
        return self._send("put", path, data, raw)

    def patch(self, path, data=None, raw=None):
        return self._send("patch", path, data, raw)

    def delete(self, path):
        return self.client.delete(path, headers=self.headers)


@pytest.fixture
def as_user(client):
    return lambda user, language="en": Caller(client, user, language)


@pytest.fixture
def anonymous(client):
    return Caller(client)


def _actions(world):
    return [
        {"title": "Diagnostic du réseau d'eau", "partner_id": world.lyon.pk, "starts_on": "2027-01-01"},
        {"title": "Обука техничара", "partner_id": world.nis.pk},
    ]


def _action_out(action):
    return {
        "title": action["title"],
        "partner_id": action["partner_id"],
        "description": "",
        "starts_on": action.get("starts_on"),
        "ends_on": None,
        "expected_results": "",
    }


# --- the whole story ----------------------------------------------------------------------------


def test_the_whole_story_from_identification_to_funding(world, as_user):
    lyon, nis = as_user(world.officer_lyon), as_user(world.officer_nis)
    elected_lyon, elected_nis = as_user(world.elected_lyon), as_user(world.elected_nis)

    # Lyon's officer creates the project with Niš, in French.
    response = lyon.post(
        "/api/v1/projects",
        {"title": "Gestion de l'eau à Niš", "partner_ids": [world.lyon.pk, world.nis.pk], "language": "fr"},
    )
    assert response.status_code == 201, response.content
    project = response.json()
    pid = project["id"]
    assert (project["phase"], project["visibility"], project["revision"]) == ("identification", "private", 1)
    assert project["titles"] == [
        {"language": "fr", "text": "Gestion de l'eau à Niš", "is_original": True, "revision": 1}
    ]
    assert (project["title"], project["title_language"]) == ("Gestion de l'eau à Niš", "fr")
    assert [(p["authority_id"], p["country"], p["is_lead"]) for p in project["partners"]] == [
        (world.lyon.pk, "FR", True),
        (world.nis.pk, "RS", False),
    ]
    assert project["programme"] == {
        "version": 0,
        "objectives": "",
        "actions": [],
        "approvals": [],
        "missing_approvals": [world.lyon.pk, world.nis.pk],
        "created_at": None,
        "created_by_name": "",
    }
    assert project["allowed_transitions"][0] == {
        "to": "expertise_mission",
        "label": "Expertise mission",
        "open": True,
        "conditions": [],
        "needs_reason": False,
    }

    # Niš's officer sees it and moves it to the expertise mission.
    assert nis.get(f"/api/v1/projects/{pid}").status_code == 200
    response = nis.post(f"/api/v1/projects/{pid}/transitions", {"to": "expertise_mission"})
    assert response.status_code == 200, response.content
    assert response.json()["phase"] == "expertise_mission"
    [to_joint, *_] = response.json()["allowed_transitions"]
    assert to_joint == {
        "to": "joint_definition",
        "label": "Joint definition",
        "open": False,
        "conditions": [MISSION_FIRST],
        "needs_reason": False,
    }

    # Lyon records the mission; both officers accept its report.
    response = lyon.post(
        f"/api/v1/projects/{pid}/expertise-missions",
        {
            "title": "Mission d'expertise eau",
            "starts_on": "2026-10-05",
            "ends_on": "2026-10-09",
            "findings": "Pertes de 40 % sur le réseau.",
            "recommendations": "Sectoriser le réseau.",
        },
    )
    assert response.status_code == 201, response.content
    mission = response.json()
    assert mission == {
        "id": mission["id"],
        "title": "Mission d'expertise eau",
        "terms_of_reference": "",
        "team": "",
        "places": "",
        "starts_on": "2026-10-05",
        "ends_on": "2026-10-09",
        "findings": "Pertes de 40 % sur le réseau.",
        "recommendations": "Sectoriser le réseau.",
        "revision": 1,
        "acceptances": [],
    }
    accept = f"/api/v1/projects/{pid}/expertise-missions/{mission['id']}/acceptances"
    response = lyon.post(accept, {"revision": 1})
    assert response.status_code == 201, response.content
    assert response.json()["authority_id"] == world.lyon.pk
    assert response.json()["accepted_by"] == world.officer_lyon.pk
    assert lyon.post(accept, {"revision": 1}).status_code == 200  # already accepted: nothing new
    assert nis.post(accept, {"authority_id": world.nis.pk, "revision": 1}).status_code == 201
    assert MissionAcceptance.objects.filter(mission_id=mission["id"]).count() == 2

    response = lyon.post(f"/api/v1/projects/{pid}/transitions", {"to": "joint_definition"})
    assert response.status_code == 200, response.content
    assert response.json()["phase"] == "joint_definition"

    # Lyon writes version 1; Lyon's elected official approves it.
    response = lyon.put(f"/api/v1/projects/{pid}/programme", {"version": 0, "actions": _actions(world)})
    assert response.status_code == 200, response.content
    programme = response.json()
    assert (programme["version"], programme["approvals"]) == (1, [])
    assert programme["actions"] == [_action_out(a) for a in _actions(world)]

    response = elected_lyon.post(f"/api/v1/projects/{pid}/programme/approvals", {"version": 1})
    assert response.status_code == 201, response.content
    approval = response.json()
    assert approval == {
        "version": 1,
        "authority_id": world.lyon.pk,
        "approved_by": world.elected_lyon.pk,
        "approved_by_name": world.elected_lyon.full_name,
        "approved_at": approval["approved_at"],
        "council_decision_id": None,
    }

    # Niš's officer changes it: version 2, whose approvals are empty.
    changed = [*_actions(world), {"title": "Compteurs de sectorisation", "partner_id": world.nis.pk}]
    response = nis.put(
        f"/api/v1/projects/{pid}/programme",
        {"version": 1, "objectives": "Réduire les pertes", "actions": changed},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["version"], response.json()["approvals"]) == (2, [])
    detail = lyon.get(f"/api/v1/projects/{pid}").json()
    assert detail["programme"]["version"] == 2
    assert detail["programme"]["objectives"] == "Réduire les pertes"
    assert detail["programme"]["approvals"] == []
    assert detail["programme"]["missing_approvals"] == [world.lyon.pk, world.nis.pk]

    # The gate names the partners that still have to approve.
    response = lyon.post(f"/api/v1/projects/{pid}/transitions", {"to": "funding"})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Version 2 of the programme is not yet approved by: Lyon, Ниш (Niš).",
        "errors": ["Version 2 of the programme is not yet approved by: Lyon, Ниш (Niš)."],
    }

    # Both elected officials approve version 2; the project moves to funding.
    assert elected_lyon.post(f"/api/v1/projects/{pid}/programme/approvals", {"version": 2}).status_code == 201
    assert elected_nis.post(f"/api/v1/projects/{pid}/programme/approvals", {"version": 2}).status_code == 201
    detail = nis.get(f"/api/v1/projects/{pid}").json()
    assert [(a["version"], a["authority_id"]) for a in detail["programme"]["approvals"]] == [
        (2, world.lyon.pk),
        (2, world.nis.pk),
    ]
    assert detail["programme"]["missing_approvals"] == []

    response = lyon.post(f"/api/v1/projects/{pid}/transitions", {"to": "funding"})
    assert response.status_code == 200, response.content
    assert response.json()["phase"] == "funding"
    assert Project.objects.get(pk=pid).phase == Phase.FUNDING

    # The journal tells the story, newest first.
    timeline = lyon.get(f"/api/v1/projects/{pid}/timeline?limit=3").json()
    assert timeline["count"] == Event.objects.filter(scope=f"projects.project:{pid}").count()
    assert [e["kind"] for e in timeline["items"]] == [
        "project.phase_changed",
        "programme.approved",
        "programme.approved",
    ]
    assert timeline["items"][0]["actor"] == {
        "id": world.officer_lyon.pk,
        "name": world.officer_lyon.full_name,
    }
    assert timeline["items"][0]["data"] == {"old": "joint_definition", "new": "funding", "reason": ""}


# --- refusals -----------------------------------------------------------------------------------


def test_skipping_to_funding_is_refused_naming_the_first_unmet_condition(world, as_user):
    project = make_project(world)
    response = as_user(world.officer_lyon).post(
        f"/api/v1/projects/{project.pk}/transitions", {"to": "funding"}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == MISSION_FIRST
    assert body["errors"][0] == MISSION_FIRST
    assert body["errors"][-1] == "The project cannot go from Identification to Funding directly."
    project.refresh_from_db()
    assert project.phase == Phase.IDENTIFICATION


def test_the_gate_message_follows_accept_language(world, as_user):
    project = make_project(world)
    english = as_user(world.officer_lyon).post(
        f"/api/v1/projects/{project.pk}/transitions", {"to": "funding"}
    )
    french = as_user(world.officer_lyon, "fr").post(
        f"/api/v1/projects/{project.pk}/transitions", {"to": "funding"}
    )
    assert french.status_code == english.status_code == 409
    assert english.json()["detail"] == MISSION_FIRST
    # Whatever the state of the French catalogue, the answer is never a 500 and has its detail.
    assert french.json()["detail"]


def test_a_stale_programme_version_answers_409_and_changes_nothing(world, as_user):
    project = bring_to_joint_definition(world, make_project(world))
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    stale = [{"title": "Autre chose", "partner_id": world.nis.pk}]
    response = as_user(world.officer_nis).put(
        f"/api/v1/projects/{project.pk}/programme", {"version": 0, "actions": stale}
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Version 1 of the programme was saved after the version 0 you read.",
        "current": {
            "objectives": "",
            "actions": [
                {
                    "title": "Diagnostic du réseau d'eau",
                    "partner_id": world.lyon.pk,
                    "description": "",
                    "starts_on": "2027-01-01",
                    "ends_on": None,
                    "expected_results": "",
                },
                {
                    "title": "Обука техничара",
                    "partner_id": world.nis.pk,
                    "description": "",
                    "starts_on": None,
                    "ends_on": None,
                    "expected_results": "",
                },
            ],
        },
        "submitted": {
            "objectives": "",
            "actions": [
                {
                    "title": "Autre chose",
                    "partner_id": world.nis.pk,
                    "description": "",
                    "starts_on": None,
                    "ends_on": None,
                    "expected_results": "",
                }
            ],
        },
        "current_version": 1,
    }
    assert list(ProgrammeVersion.objects.filter(project=project).values_list("number", flat=True)) == [1]


def test_an_outsider_cannot_approve_and_nothing_is_written(world, as_user):
    project = bring_to_joint_definition(world, make_project(world, visibility="public"))
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    outsider = as_user(world.outsider)
    events = Event.objects.count()
    response = outsider.post(f"/api/v1/projects/{project.pk}/programme/approvals", {"version": 1})
    assert response.status_code == 403
    assert response.json() == {"detail": "You cannot decide for any partner authority of this project."}
    assert ProgrammeApproval.objects.count() == 0
    assert Event.objects.count() == events


def test_an_officer_without_delegation_cannot_approve_for_their_authority(world, as_user):
    project = bring_to_joint_definition(world, make_project(world))
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    response = as_user(world.officer_lyon).post(
        f"/api/v1/projects/{project.pk}/programme/approvals", {"authority_id": world.lyon.pk, "version": 1}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You cannot decide for Lyon."}
    assert ProgrammeApproval.objects.count() == 0


def test_approving_before_any_programme_answers_409(world, as_user):
    project = bring_to_joint_definition(world, make_project(world))
    response = as_user(world.elected_nis).post(
        f"/api/v1/projects/{project.pk}/programme/approvals", {"version": 0}
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "The programme of intervention choices has not been written yet.",
        "errors": ["The programme of intervention choices has not been written yet."],
    }


def test_anonymous_writes_answer_401(world, anonymous):
    project = make_project(world, visibility="public")
    unauthenticated = {"detail": "Authentication required: send a valid token or sign in."}
    response = anonymous.post("/api/v1/projects", {"title": "X", "partner_ids": [world.lyon.pk]})
    assert (response.status_code, response.json()) == (401, unauthenticated)
    response = anonymous.post(f"/api/v1/projects/{project.pk}/transitions", {"to": "expertise_mission"})
    assert (response.status_code, response.json()) == (401, unauthenticated)
    assert Project.objects.count() == 1


def test_an_invisible_project_answers_404_like_an_unknown_one(world, as_user, anonymous):
    project = make_project(world)
    for caller in (as_user(world.outsider), as_user(world.officer_sofia), anonymous):
        response = caller.get(f"/api/v1/projects/{project.pk}")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    response = as_user(world.outsider).get("/api/v1/projects/999999")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    # A write to it answers 404 too (never revealing that it exists).
    response = as_user(world.outsider).post(f"/api/v1/projects/{project.pk}/transitions", {"to": "cancelled"})
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    response = as_user(world.outsider).get(f"/api/v1/projects/{project.pk}/timeline")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_malformed_json_answers_400(world, as_user):
    response = as_user(world.officer_lyon).post("/api/v1/projects", raw='{"title": "Eau", ')
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON."}
    assert Project.objects.count() == 0


def test_an_unknown_phase_in_the_list_filter_answers_422(world, as_user):
    response = as_user(world.officer_lyon).get("/api/v1/projects?phase=done")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Unknown phase: done. Use one of: identification, expertise_mission, joint_definition, "
        "funding, implementation, evaluation, closed, suspended, cancelled."
    }


def test_creating_without_acting_for_a_partner_answers_403(world, as_user):
    response = as_user(world.officer_sofia).post(
        "/api/v1/projects", {"title": "Eau", "partner_ids": [world.lyon.pk, world.nis.pk]}
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "You must act for one of the partner authorities to create this project."
    }
    assert Project.objects.count() == 0


def test_an_unknown_partner_answers_422(world, as_user):
    response = as_user(world.officer_lyon).post(
        "/api/v1/projects", {"title": "Eau", "partner_ids": [world.lyon.pk, 999999]}
    )
    assert response.status_code == 422
    assert response.json() == {"detail": "Unknown local authority: 999999."}


def test_a_missing_title_answers_422_with_the_fields(world, as_user):
    response = as_user(world.officer_lyon).post("/api/v1/projects", {"partner_ids": [world.lyon.pk]})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == VALIDATION_DETAIL
    assert [e["loc"][-1] for e in body["errors"]] == ["title"]


def test_the_title_language_defaults_to_the_request_language(world, as_user):
    response = as_user(world.officer_lyon, "bg").post(
        "/api/v1/projects", {"title": "Управление на водите", "partner_ids": [world.lyon.pk, world.sofia.pk]}
    )
    assert response.status_code == 201, response.content
    assert response.json()["titles"] == [
        {"language": "bg", "text": "Управление на водите", "is_original": True, "revision": 1}
    ]


def test_bad_mission_dates_answer_422(world, as_user):
    project = make_project(world)
    lyon = as_user(world.officer_lyon)
    url = f"/api/v1/projects/{project.pk}/expertise-missions"
    mission = {"title": "Mission", "findings": "F", "recommendations": "R"}
    response = lyon.post(url, {**mission, "starts_on": "2026-13-45", "ends_on": "2026-10-09"})
    assert response.status_code == 422
    assert response.json()["detail"] == VALIDATION_DETAIL
    assert [e["loc"][-1] for e in response.json()["errors"]] == ["starts_on"]
    response = lyon.post(url, {**mission, "starts_on": "2026-10-09", "ends_on": "2026-10-05"})
    assert (response.status_code, response.json()) == (
        422,
        {"detail": "The mission cannot end before it starts."},
    )
    assert ExpertiseMission.objects.count() == 0


def test_accepting_an_unknown_mission_answers_404(world, as_user):
    project = make_project(world)
    response = as_user(world.officer_lyon).post(
        f"/api/v1/projects/{project.pk}/expertise-missions/999999/acceptances", {"revision": 1}
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "This project has no expertise mission with this id."}


def test_suspending_needs_a_reason(world, as_user):
    project = make_project(world)
    response = as_user(world.officer_lyon).post(
        f"/api/v1/projects/{project.pk}/transitions", {"to": "suspended"}
    )
    assert (response.status_code, response.json()) == (422, {"detail": "Give the reason for this decision."})
    response = as_user(world.officer_lyon).post(
        f"/api/v1/projects/{project.pk}/transitions", {"to": "suspended", "reason": "Élections municipales"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["phase"], body["phase_reason"], body["resume_phase"]) == (
        "suspended",
        "Élections municipales",
        "identification",
    )
    assert [(t["to"], t["open"]) for t in body["allowed_transitions"]] == [
        ("identification", True),
        ("cancelled", True),
    ]


def test_an_unknown_target_phase_answers_422(world, as_user):
    project = make_project(world)
    response = as_user(world.officer_lyon).post(f"/api/v1/projects/{project.pk}/transitions", {"to": "done"})
    assert (response.status_code, response.json()) == (422, {"detail": "Unknown phase: done."})


# --- list ---------------------------------------------------------------------------------------


def test_the_list_shows_only_visible_projects_with_titles_in_the_request_language(world, as_user, anonymous):
    private = make_project(world, title="Eau privée")
    public = make_project(world, title="Mobilité douce", visibility="public")
    services.project_transition(actor=world.officer_lyon, project=public, to="expertise_mission")
    services.project_text_set(
        actor=world.officer_nis,
        project=public,
        field="title",
        language="en",
        text="Soft mobility",
        revision=0,
    )

    body = as_user(world.officer_lyon).get("/api/v1/projects").json()
    assert body["count"] == 2
    assert [i["id"] for i in body["items"]] == [public.pk, private.pk]
    assert body["items"][0] == {
        "id": public.pk,
        "title": "Soft mobility",
        "title_language": "en",
        "phase": "expertise_mission",
        "phase_label": "Expertise mission",
        "visibility": "public",
        "partners": [
            {
                "authority_id": world.lyon.pk,
                "name": "Lyon",
                "name_latin": "Lyon",
                "country": "FR",
                "is_lead": True,
            },
            {
                "authority_id": world.nis.pk,
                "name": "Ниш",
                "name_latin": "Niš",
                "country": "RS",
                "is_lead": False,
            },
        ],
        "updated_at": body["items"][0]["updated_at"],
    }
    french = as_user(world.officer_lyon, "fr").get("/api/v1/projects").json()
    assert [(i["title"], i["title_language"]) for i in french["items"]] == [
        ("Mobilité douce", "fr"),
        ("Eau privée", "fr"),
    ]

    public_only = anonymous.get("/api/v1/projects").json()
    assert (public_only["count"], [i["id"] for i in public_only["items"]]) == (1, [public.pk])
    assert as_user(world.officer_sofia).get("/api/v1/projects").json()["count"] == 1

    by_phase = as_user(world.officer_lyon).get("/api/v1/projects?phase=identification").json()
    assert [i["id"] for i in by_phase["items"]] == [private.pk]
    by_authority = as_user(world.officer_lyon).get(f"/api/v1/projects?authority={world.sofia.pk}").json()
    assert by_authority == {"count": 0, "items": []}
    page = as_user(world.officer_lyon).get("/api/v1/projects?limit=1&offset=1").json()
    assert (page["count"], [i["id"] for i in page["items"]]) == (2, [private.pk])


def test_the_list_makes_a_fixed_number_of_queries(world, as_user):
    lyon = as_user(world.officer_lyon)
    make_project(world)
    lyon.get("/api/v1/auth/tokens")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        assert lyon.get("/api/v1/projects").json()["count"] == 1
    for _number in range(4):
        make_project(world, partner_ids=[world.lyon.pk, world.nis.pk, world.sofia.pk])
    with CaptureQueriesContext(connection) as five:
        assert lyon.get("/api/v1/projects").json()["count"] == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_the_detail_makes_a_fixed_number_of_queries(world, as_user):
    lyon = as_user(world.officer_lyon)
    project = bring_to_joint_definition(world, make_project(world))
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    services.programme_approve(actor=world.elected_lyon, project=project, version=1)
    lyon.get("/api/v1/auth/tokens")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as before:
        assert lyon.get(f"/api/v1/projects/{project.pk}").status_code == 200
    # More approvals, missions, acceptances and texts: not one query more.
    services.programme_approve(actor=world.elected_nis, project=project, version=1)
    services.project_text_set(
        actor=world.officer_nis, project=project, field="title", language="sr", text="Вода", revision=0
    )
    services.project_text_set(
        actor=world.officer_nis, project=project, field="summary", language="sr", text="В", revision=0
    )
    mission = services.mission_record(
        actor=world.officer_nis,
        project=project,
        title="Друга мисија",
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 2),
    )
    services.mission_accept(actor=world.officer_nis, project=project, mission=mission, revision=1)
    services.mission_accept(actor=world.elected_lyon, project=project, mission=mission, revision=1)
    with CaptureQueriesContext(connection) as after:
        assert lyon.get(f"/api/v1/projects/{project.pk}").status_code == 200
    assert [q["sql"][:60] for q in after.captured_queries] == [q["sql"][:60] for q in before.captured_queries]


# --- the other endpoints ------------------------------------------------------------------------


def test_patch_changes_fields_and_a_stale_revision_answers_409(world, as_user):
    project = make_project(world)
    lyon = as_user(world.officer_lyon)
    response = lyon.patch(
        f"/api/v1/projects/{project.pk}",
        {
            "revision": 1,
            "visibility": "network",
            "themes": ["water-sanitation"],
            "planned_start": "2027-01-01",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["visibility"], body["themes"], body["planned_start"], body["revision"]) == (
        "network",
        ["water-sanitation"],
        "2027-01-01",
        2,
    )
    response = as_user(world.officer_nis).patch(
        f"/api/v1/projects/{project.pk}", {"revision": 1, "themes": []}
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Someone saved this project after you opened it.",
        "current": {"themes": ["water-sanitation"]},
        "submitted": {"themes": []},
    }
    response = lyon.patch(f"/api/v1/projects/{project.pk}", {"revision": 2, "visibility": "everyone"})
    assert (response.status_code, response.json()) == (422, {"detail": "Unknown visibility: everyone."})


def test_a_translation_is_added_then_changed(world, as_user):
    project = make_project(world)
    nis = as_user(world.officer_nis)
    url = f"/api/v1/projects/{project.pk}/texts/title/sr"
    response = nis.put(url, {"text": "Управљање водом у Нишу", "revision": 0})
    assert response.status_code == 201
    assert response.json() == {
        "field": "title",
        "language": "sr",
        "text": "Управљање водом у Нишу",
        "is_original": False,
        "revision": 1,
    }
    response = nis.put(url, {"text": "Управљање водама у Нишу", "revision": 1})
    assert (response.status_code, response.json()["revision"]) == (200, 2)
    response = nis.put(url, {"text": "Нешто друго", "revision": 1})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Someone saved this text after you opened it.",
        "current": "Управљање водама у Нишу",
        "current_version": 2,
        "submitted": "Нешто друго",
    }
    detail = as_user(world.officer_nis, "sr").get(f"/api/v1/projects/{project.pk}").json()
    assert (detail["title"], detail["title_language"]) == ("Управљање водама у Нишу", "sr")
    assert [t["language"] for t in detail["titles"]] == ["fr", "sr"]
    response = nis.put(f"/api/v1/projects/{project.pk}/texts/motto/sr", {"text": "X", "revision": 0})
    assert (response.status_code, response.json()) == (422, {"detail": "Unknown text field: motto."})


def test_partners_comment_and_outsiders_of_a_public_project_cannot(world, as_user):
    project = make_project(world, visibility="public")
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    response = as_user(world.officer_nis).post(
        f"/api/v1/projects/{project.pk}/comments", {"body": "Dobar dan!"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "author": {"id": world.officer_nis.pk, "name": world.officer_nis.full_name},
        "body": "Dobar dan!",
        "created_at": body["created_at"],
    }
    response = as_user(world.outsider).post(f"/api/v1/projects/{project.pk}/comments", {"body": "Bonjour"})
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Only the project's partners and participants can discuss."},
    )


def test_the_projects_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path, method in [
        ("/api/v1/projects", "get"),
        ("/api/v1/projects", "post"),
        ("/api/v1/projects/{project_id}", "get"),
        ("/api/v1/projects/{project_id}", "patch"),
        ("/api/v1/projects/{project_id}/transitions", "post"),
        ("/api/v1/projects/{project_id}/expertise-missions", "post"),
        ("/api/v1/projects/{project_id}/expertise-missions/{mission_id}/acceptances", "post"),
        ("/api/v1/projects/{project_id}/programme", "put"),
        ("/api/v1/projects/{project_id}/programme/approvals", "post"),
        ("/api/v1/projects/{project_id}/texts/{field}/{language}", "put"),
        ("/api/v1/projects/{project_id}/timeline", "get"),
        ("/api/v1/projects/{project_id}/comments", "post"),
    ]:
        operation = paths[path][method]
        assert operation["summary"], (path, method)
        assert any(code.startswith("2") for code in operation["responses"]), (path, method)
    assert "409" in paths["/api/v1/projects/{project_id}/programme"]["put"]["responses"]
