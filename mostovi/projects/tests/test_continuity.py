"""Continuity of responsibilities: what a member held moves when their membership ends."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from mostovi.accounts import services as account_services
from mostovi.accounts.exceptions import MembershipAlreadyEnded
from mostovi.accounts.models import Membership, Role
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.core.models import Event
from mostovi.projects import continuity, selectors, services
from mostovi.projects.models import Notification, ProjectPartner

from .factories import make_project, make_world

pytestmark = pytest.mark.django_db

FOOTER_EN = "You receive this message because you act for a partner authority of this project on Mostovi."
FOOTER_FR = "Vous recevez ce message parce que vous agissez pour une collectivité partenaire de ce projet"


@pytest.fixture(autouse=True)
def _english(settings):
    # The people of these tests chose no language: their e-mails follow the platform's default, set to English
    # here so the expectations read the English messages.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def project(world):
    return make_project(world)


def _officer(world, authority, *, name, days_ago=0, language="en"):
    user = UserFactory(full_name=name, preferred_language=language)
    return MembershipFactory(
        user=user,
        organisation=authority,
        role=Role.OFFICER,
        started_at=timezone.now() - timedelta(days=days_ago),
    )


def _name(world, project, authority, responsible, deputy=None, actor=None):
    return services.partner_set_roles(
        actor=actor or responsible.user,
        project=project,
        authority_id=authority.pk,
        responsible_id=responsible.pk,
        deputy_id=deputy.pk if deputy else None,
    )


def _partner(project, authority) -> ProjectPartner:
    return ProjectPartner.objects.get(project=project, authority=authority)


def _moves(project) -> list[dict]:
    return [e.data for e in selectors.project_timeline(project=project).filter(kind="responsibility.moved")][
        ::-1
    ]


def test_when_the_responsible_leaves_the_deputy_takes_over_and_everyone_is_told_after_commit(
    world, project, django_capture_on_commit_callbacks
):
    leaver = world.membership(world.officer_lyon, world.lyon)
    leaver.user.full_name = "Claire Martin"
    leaver.user.save()
    deputy = _officer(world, world.lyon, name="Paul Durand", language="fr")
    world.officer_nis.preferred_language = "en"
    world.officer_nis.save()
    _name(world, project, world.lyon, leaver, deputy)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        account_services.membership_end(actor=world.officer_lyon, membership=leaver)
    # Nothing leaves before the commit.
    assert Notification.objects.count() == 0
    assert mail.outbox == []

    partner = _partner(project, world.lyon)
    assert (partner.responsible_id, partner.deputy_id) == (deputy.pk, None)
    assert _moves(project) == [
        {
            "responsibility": "partner.responsible",
            "reason": "deputy_promoted",
            "authority": world.lyon.pk,
            "authority_name": "Lyon",
            "left": "Claire Martin",
            "left_membership": leaver.pk,
            "old": "Claire Martin",
            "old_membership": leaver.pk,
            "new": "Paul Durand",
            "new_membership": deputy.pk,
        },
        {
            "responsibility": "partner.deputy",
            "reason": "promoted",
            "authority": world.lyon.pk,
            "authority_name": "Lyon",
            "left": "Claire Martin",
            "left_membership": leaver.pk,
            "old": "Paul Durand",
            "old_membership": deputy.pk,
            "new": "",
            "new_membership": None,
        },
    ]
    event = Event.objects.get(kind="responsibility.moved", data__reason="deputy_promoted")
    assert (event.actor, event.target_type, event.target_id) == (
        world.officer_lyon,
        "projects.projectpartner",
        str(partner.pk),
    )
    assert continuity.describe(event.data) == "Lyon: Claire Martin left; Paul Durand is now responsible."

    for callback in callbacks:
        callback()
    notified = sorted(
        (n.user_id, n.kind, n.data["responsibility"]) for n in Notification.objects.filter(project=project)
    )
    # The new holder is told they hold it; the partners' officers (the leaver excepted) what moved.
    assert notified == sorted(
        [
            (deputy.user_id, "responsibility.assigned", "partner.responsible"),
            (deputy.user_id, "responsibility.moved", "partner.deputy"),
            (world.officer_nis.pk, "responsibility.moved", "partner.responsible"),
            (world.officer_nis.pk, "responsibility.moved", "partner.deputy"),
        ]
    )
    assert all(n.emailed_at is not None for n in Notification.objects.all())
    by_recipient = {}
    for message in mail.outbox:
        by_recipient.setdefault(message.to[0], []).append(message)
    assert sorted(by_recipient) == sorted([deputy.user.email, world.officer_nis.email])
    first = by_recipient[deputy.user.email][0]
    # The new holder reads French: the subject is the French sentence of the move.
    assert first.subject == (
        "[Mostovi] Gestion de l'eau à Niš: Lyon\u00a0: Claire Martin est parti·e\u00a0; "
        "Paul Durand est désormais responsable."
    )
    assert FOOTER_FR in first.body.replace("\n", " ")  # in the new holder's language
    assert FOOTER_EN in by_recipient[world.officer_nis.email][0].body.replace("\n", " ")
    assert f"/projects/{project.pk}/" in first.body


def test_without_a_deputy_the_longest_standing_active_officer_takes_over(world, project):
    leaver = world.membership(world.officer_lyon, world.lyon)
    _officer(world, world.lyon, name="Recent Officer", days_ago=10)
    senior = _officer(world, world.lyon, name="Senior Officer", days_ago=900)
    gone = _officer(world, world.lyon, name="Gone Officer", days_ago=2000)
    gone.ended_at = timezone.now()
    gone.save()
    # An elected official of longer standing is not an officer: not a candidate.
    elected = world.membership(world.elected_lyon, world.lyon)
    elected.started_at = timezone.now() - timedelta(days=3000)
    elected.save()
    _name(world, project, world.lyon, leaver)

    account_services.membership_end(actor=world.officer_lyon, membership=leaver)

    partner = _partner(project, world.lyon)
    assert (partner.responsible_id, partner.deputy_id) == (senior.pk, None)
    [move] = _moves(project)
    assert (move["reason"], move["old_membership"], move["new_membership"], move["new"]) == (
        "longest_standing_officer",
        leaver.pk,
        senior.pk,
        "Senior Officer",
    )


def test_a_deputy_who_leaves_leaves_the_place_empty(world, project):
    responsible = world.membership(world.officer_lyon, world.lyon)
    deputy = _officer(world, world.lyon, name="Paul Durand")
    _officer(world, world.lyon, name="Another Officer", days_ago=500)
    _name(world, project, world.lyon, responsible, deputy)

    account_services.membership_end(actor=deputy.user, membership=deputy)

    partner = _partner(project, world.lyon)
    assert (partner.responsible_id, partner.deputy_id) == (responsible.pk, None)
    [move] = _moves(project)
    assert (move["responsibility"], move["reason"], move["new_membership"]) == (
        "partner.deputy",
        "emptied",
        None,
    )
    assert continuity.describe(move) == "Lyon: Paul Durand left; the place of deputy is empty."


def test_with_nobody_left_the_place_stays_empty_and_is_listed_by_the_page_and_the_command(
    client, world, project
):
    _name(world, project, world.lyon, world.membership(world.officer_lyon, world.lyon))
    leaver = world.membership(world.officer_nis, world.nis)
    _name(world, project, world.nis, leaver)
    call_command("check_responsibilities", stdout=StringIO())  # every partner has a holder: no error

    account_services.membership_end(actor=world.officer_nis, membership=leaver)

    assert _partner(project, world.nis).responsible_id is None
    [move] = _moves(project)
    assert (move["reason"], move["new"]) == ("nobody", "")
    assert continuity.describe(move) == (
        f"{world.nis}: {world.officer_nis} left; nobody is responsible any more. Name a responsible person."
    )
    [row] = continuity.unheld_responsibilities()
    assert (row.project, row.authority, row.former) == (project, world.nis, None)

    client.force_login(world.officer_lyon)
    response = client.get("/en/projects/unheld-responsibilities/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-testid="unheld-{project.pk}-{world.nis.pk}"' in html
    assert f'data-testid="unheld-{project.pk}-{world.lyon.pk}"' not in html
    assert "not named" in html

    out = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("check_responsibilities", stdout=out)
    assert excinfo.value.returncode == 1
    assert str(excinfo.value) == "1 responsibility(ies) without a holder"
    assert out.getvalue() == (
        f"project #{project.pk} (Gestion de l'eau à Niš) [identification] — {world.nis} (#{world.nis.pk}) — "
        "partner.responsible: not named\n"
    )


def test_a_responsible_whose_membership_ended_outside_the_mechanism_is_listed_with_the_date(
    client, world, project
):
    """Records from before continuity existed (or a restored project) still name an ended membership."""
    gone = world.membership(world.officer_nis, world.nis)
    _name(world, project, world.nis, gone)
    _name(world, project, world.lyon, world.membership(world.officer_lyon, world.lyon))
    Membership.objects.filter(pk=gone.pk).update(ended_at=timezone.now())
    [row] = continuity.unheld_responsibilities()
    assert row.former == gone
    client.force_login(world.officer_lyon)
    html = client.get("/en/projects/unheld-responsibilities/").content.decode()
    assert f"{world.officer_nis} (left on " in html


def test_finished_or_deleted_projects_keep_their_holder_and_are_not_listed(world):
    leaver = world.membership(world.officer_nis, world.nis)
    cancelled = make_project(world, title="Annulé")
    deleted = make_project(world, title="Supprimé")
    for project in (cancelled, deleted):
        _name(world, project, world.nis, leaver)
        _name(world, project, world.lyon, world.membership(world.officer_lyon, world.lyon))
    services.project_transition(actor=world.officer_lyon, project=cancelled, to="cancelled", reason="Budget")
    services.project_delete(actor=world.officer_lyon, project=deleted)

    account_services.membership_end(actor=world.officer_nis, membership=leaver)

    assert _partner(cancelled, world.nis).responsible_id == leaver.pk
    assert _partner(deleted, world.nis).responsible_id == leaver.pk
    assert not Event.objects.filter(kind="responsibility.moved").exists()
    assert continuity.unheld_responsibilities() == []


def test_ending_a_membership_twice_is_refused_and_changes_nothing(
    world, project, django_capture_on_commit_callbacks
):
    leaver = world.membership(world.officer_lyon, world.lyon)
    deputy = _officer(world, world.lyon, name="Paul Durand")
    _name(world, project, world.lyon, leaver, deputy)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.membership_end(actor=world.officer_lyon, membership=leaver)
    before = (
        list(ProjectPartner.objects.order_by("pk").values_list("pk", "responsible_id", "deputy_id")),
        Event.objects.count(),
        Notification.objects.count(),
        len(mail.outbox),
        Membership.objects.get(pk=leaver.pk).ended_at,
    )

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(MembershipAlreadyEnded, match=r"^This membership has already ended\.$"),
    ):
        account_services.membership_end(actor=world.officer_lyon, membership=leaver)

    after = (
        list(ProjectPartner.objects.order_by("pk").values_list("pk", "responsible_id", "deputy_id")),
        Event.objects.count(),
        Notification.objects.count(),
        len(mail.outbox),
        Membership.objects.get(pk=leaver.pk).ended_at,
    )
    assert after == before


def test_a_membership_holding_nothing_moves_nothing(world, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        account_services.membership_end(
            actor=world.elected_lyon, membership=world.membership(world.elected_lyon, world.lyon)
        )
    assert callbacks == []
    assert not Event.objects.filter(kind="responsibility.moved").exists()


# --- the page's permissions ---------------------------------------------------------------------


URL = "/en/projects/unheld-responsibilities/"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [None, Role.ELECTED, Role.TECHNICAL, Role.OBSERVER])
def test_people_who_are_neither_staff_officers_nor_coordinators_get_403(client, world, role):
    user = UserFactory()
    if role is not None:
        MembershipFactory(user=user, organisation=world.lyon, role=role)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 403
    assert (
        "Only platform staff, officers and network coordinators can see this list."
        in response.content.decode()
    )


def test_an_officer_whose_membership_ended_gets_403(client, world):
    membership = world.membership(world.officer_sofia, world.sofia)
    account_services.membership_end(actor=world.officer_sofia, membership=membership)
    client.force_login(world.officer_sofia)
    assert client.get(URL).status_code == 403


def test_officers_and_coordinators_see_the_projects_they_may_see_staff_see_all(
    client, world, project, django_assert_max_num_queries
):
    # The project is private: Sofia's officer and a coordinator of another network do not see it.
    # Lyon's officer created it and is responsible for Lyon: Niš's place is the one without a holder.
    row = f'data-testid="unheld-{project.pk}-{world.nis.pk}"'
    coordinator = MembershipFactory(role=Role.COORDINATOR).user
    staff = UserFactory(is_staff=True)
    for user, listed in (
        (world.officer_lyon, True),
        (world.officer_sofia, False),
        (coordinator, False),
        (staff, True),
    ):
        client.force_login(user)
        # (+1: the header counts the unread notifications; + the networks coordinated and the graph of member
        # networks, as indirect members count)
        with django_assert_max_num_queries(11):
            response = client.get(URL)
        assert response.status_code == 200, user
        html = response.content.decode()
        assert (row in html) is listed, user
        if not listed:
            assert "Every partner of an ongoing project has a responsible person." in html


def test_the_page_reads_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    for index in range(3):
        make_project(world, title=f"Projet {index}")
    client.force_login(UserFactory(is_staff=True))
    client.get(URL)  # warm the caches of the session
    # One query per kind of responsibility (partners, follow-up actions, indicators), whatever the rows.
    # (+1: the header counts the unread notifications)
    with django_assert_num_queries(7):
        response = client.get(URL)
    # The creator holds Lyon's responsibility: each project lacks only Niš's responsible.
    assert response.content.decode().count('data-testid="unheld-') == 3
