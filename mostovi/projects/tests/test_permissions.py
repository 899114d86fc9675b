"""Who may do what on a project: roles × actions × visibility (and the draft rule).

Each cell is checked through the `permissions` predicates; viewing also through the selector behind the list
and through the API (200 vs 404), approving also through the API (201 vs 403, 404 when not visible).
"""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import PASSWORD, MembershipFactory
from mostovi.directory.models import NetworkMembership
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.projects import permissions, services
from mostovi.projects.models import ParticipantRole, ProgrammeApproval
from mostovi.projects.selectors import project_get_for_page, project_list_visible_to

from .factories import actions_for, make_project, make_world

pytestmark = pytest.mark.django_db

PARTNER_ROLES = ("partner_officer", "partner_elected", "partner_technical", "partner_observer")
ROLES = (
    *PARTNER_ROLES,
    "partner_officer_with_delegation",
    "participant_officer",
    "network_coordinator",
    "other_network_coordinator",
    "outsider",
    "anonymous",
)
VISIBILITIES = ("private", "network", "public")
# "suspended_draft": suspended while still in identification (it resumes to identification).
PHASES = ("identification", "expertise_mission", "suspended_draft")
DRAFTS = ("identification", "suspended_draft")

# What each role may do, whatever the visibility (acting for its own authority).
ALLOWED = {
    "partner_officer": {"edit", "comment", "transition", "accept_mission"},
    "partner_elected": {"edit", "comment", "transition", "approve", "accept_mission"},
    "partner_technical": {"edit", "comment"},
    "partner_observer": set(),
    "partner_officer_with_delegation": {"edit", "comment", "transition", "approve", "accept_mission"},
    "participant_officer": {"comment"},
    "network_coordinator": set(),
    "other_network_coordinator": set(),
    "outsider": set(),
    "anonymous": set(),
}
INSIDERS = (*PARTNER_ROLES, "partner_officer_with_delegation", "participant_officer")


def expected_view(role: str, visibility: str, phase: str) -> bool:
    """Partners and participants always; others never see a draft; then what the visibility opens."""
    if role in INSIDERS:
        return True
    if phase in DRAFTS:
        return False  # "Drafts (a project still in identification) are never shown outside the partners."
    if visibility == "public":
        return True
    return visibility == "network" and role == "network_coordinator"


def known_bug(role: str, visibility: str, phase: str) -> str | None:
    return None


def _cells(*dimensions):
    """Every combination as pytest params, the cells of a known bug marked xfail(strict)."""
    params = []
    for cell in itertools.product(*dimensions):
        role, visibility, phase = cell[0], cell[1], cell[2]
        reason = known_bug(role, visibility, phase)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(*cell, marks=marks, id="-".join(cell)))
    return params


class Scene:
    """Lyon (FR) and Niš (RS) are partners; a participant organisation; two networks, Lyon in one."""

    def __init__(self, visibility: str, phase: str):
        self.world = world = make_world()
        self.network = NetworkFactory(name="Cités Unies France", acronym="CUF")
        self.other_network = NetworkFactory(name="НСОРБ", acronym="NAMRB")
        NetworkMembership.objects.create(member=world.lyon, network=self.network)
        NetworkMembership.objects.create(member=world.sofia, network=self.other_network)
        self.participant = AuthorityFactory(name="Grand Lyon", country="FR")

        self.project = make_project(world, visibility=visibility)
        services.participant_add(
            actor=world.officer_lyon,
            project=self.project,
            organisation_id=self.participant.pk,
            role=ParticipantRole.IMPLEMENTING,
        )
        if phase == "expertise_mission":
            services.project_transition(
                actor=world.officer_lyon, project=self.project, to="expertise_mission"
            )
        elif phase == "suspended_draft":
            services.project_transition(
                actor=world.officer_lyon, project=self.project, to="suspended", reason="Élections municipales"
            )
        self.project.refresh_from_db()

    def user(self, role: str):
        world = self.world
        if role == "anonymous":
            return AnonymousUser()
        made = {
            "partner_officer": lambda: world.officer_lyon,
            "partner_elected": lambda: world.elected_lyon,
            "partner_technical": lambda: MembershipFactory(organisation=world.lyon, role=Role.TECHNICAL).user,
            "partner_observer": lambda: MembershipFactory(organisation=world.lyon, role=Role.OBSERVER).user,
            "partner_officer_with_delegation": lambda: (
                MembershipFactory(organisation=world.lyon, role=Role.OFFICER, can_approve=True).user
            ),
            "participant_officer": lambda: (
                MembershipFactory(organisation=self.participant, role=Role.OFFICER).user
            ),
            "network_coordinator": lambda: (
                MembershipFactory(organisation=self.network, role=Role.COORDINATOR).user
            ),
            "other_network_coordinator": lambda: (
                MembershipFactory(organisation=self.other_network, role=Role.COORDINATOR).user
            ),
            "outsider": lambda: world.outsider,
        }
        return made[role]()

    def own_authority(self, role: str):
        """The authority a role acts for (a partner's people act for Lyon)."""
        return {
            "participant_officer": self.participant,
            "network_coordinator": self.network,
            "other_network_coordinator": self.other_network,
        }.get(role, self.world.lyon)

    def project_for_predicates(self):
        return project_get_for_page(pk=self.project.pk)


def _headers(client, user) -> dict:
    headers = {"Accept-Language": "en"}
    if user.is_authenticated:
        response = client.post(
            "/api/v1/auth/token",
            data={"email": user.email, "password": PASSWORD},
            content_type="application/json",
        )
        headers["Authorization"] = f"Bearer {response.json()['token']}"
    return headers


# --- view ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "visibility", "phase"), _cells(ROLES, VISIBILITIES, PHASES))
def test_view(client, role, visibility, phase):
    scene = Scene(visibility, phase)
    user = scene.user(role)
    expected = expected_view(role, visibility, phase)
    project = scene.project_for_predicates()

    assert permissions.can_view_project(user, project) is expected
    assert project_list_visible_to(user=user).filter(pk=project.pk).exists() is expected
    response = client.get(f"/api/v1/projects/{project.pk}", headers=_headers(client, user))
    assert response.status_code == (200 if expected else 404)
    listed = client.get("/api/v1/projects", headers=_headers(client, user)).json()
    assert [item["id"] for item in listed["items"]] == ([project.pk] if expected else [])


# --- edit, comment, transition, approve, accept mission -----------------------------------------

ACTIONS = ("edit", "comment", "transition", "approve", "accept_mission")


def _predicate(action: str, user, project, authority) -> bool:
    return {
        "edit": lambda: permissions.can_edit_project(user, project),
        "comment": lambda: permissions.can_comment_project(user, project),
        "transition": lambda: permissions.can_transition_project(user, project),
        "approve": lambda: permissions.can_approve_programme(user, project, authority),
        "accept_mission": lambda: permissions.can_accept_mission(user, project, authority),
    }[action]()


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_actions(role, visibility):
    """The write predicates do not depend on the visibility: only on the role in a partner."""
    scene = Scene(visibility, "expertise_mission")
    user = scene.user(role)
    project = scene.project_for_predicates()
    authority = scene.own_authority(role)
    allowed = {a for a in ACTIONS if _predicate(a, user, project, authority)}
    assert allowed == ALLOWED[role]


@pytest.mark.parametrize("role", ROLES)
def test_nobody_approves_or_accepts_for_another_partner(role):
    scene = Scene("public", "expertise_mission")
    user = scene.user(role)
    project = scene.project_for_predicates()
    nis = scene.world.nis
    assert permissions.can_approve_programme(user, project, nis) is False
    assert permissions.can_accept_mission(user, project, nis) is False


@pytest.mark.parametrize(("role", "visibility", "phase"), _cells(ROLES, VISIBILITIES, ("expertise_mission",)))
def test_approve_through_the_api(client, role, visibility, phase):
    scene = Scene(visibility, phase)
    world = scene.world
    services.programme_update(
        actor=world.officer_lyon, project=scene.project, version=0, actions=actions_for(world)
    )
    user = scene.user(role)
    response = client.post(
        f"/api/v1/projects/{scene.project.pk}/programme/approvals",
        data={"version": 1},
        content_type="application/json",
        headers=_headers(client, user),
    )
    if role == "anonymous":
        expected = 401
    elif not expected_view(role, visibility, phase):
        expected = 404
    elif "approve" in ALLOWED[role]:
        expected = 201
    else:
        expected = 403
    assert response.status_code == expected, response.content
    approvals = list(ProgrammeApproval.objects.values_list("authority_id", "approved_by_id"))
    assert approvals == ([(world.lyon.pk, user.pk)] if expected == 201 else [])
    if expected in (401, 403, 404):
        assert list(response.json()) == ["detail"]
