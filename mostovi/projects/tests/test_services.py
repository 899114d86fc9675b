from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.core.models import Event
from mostovi.projects import services
from mostovi.projects.exceptions import GateNotMet, InvalidInput, NotAllowed, StaleVersion
from mostovi.projects.models import Notification, Phase, ProgrammeApproval, ProgrammeVersion, Project
from mostovi.projects.selectors import project_timeline

from .factories import actions_for, bring_to_joint_definition, make_project, make_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english():
    # Services speak the language of the request; these tests read their English messages.
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    return make_world()


def test_a_new_project_is_private_in_identification_with_its_original_title(world):
    project = make_project(world)
    assert (project.phase, project.visibility) == (Phase.IDENTIFICATION, "private")
    [title] = project.texts.all()
    assert (title.language, title.text, title.is_original) == ("fr", "Gestion de l'eau à Niš", True)
    assert [p.authority for p in project.partners.all()] == [world.lyon, world.nis]
    assert project.partners.get(is_lead=True).authority == world.lyon


def test_an_outsider_cannot_create_a_project_for_others(world):
    with pytest.raises(NotAllowed):
        services.project_create(
            actor=world.outsider, title="X", language="fr", partner_ids=[world.lyon.pk, world.nis.pk]
        )
    assert Project.objects.count() == 0


def test_an_unknown_partner_is_refused(world):
    with pytest.raises(InvalidInput, match="Unknown local authority: 999999"):
        services.project_create(
            actor=world.officer_lyon, title="X", language="fr", partner_ids=[world.lyon.pk, 999999]
        )


def test_expertise_mission_needs_two_partners_from_two_countries(world):
    project = make_project(world, partner_ids=[world.lyon.pk])
    with pytest.raises(GateNotMet) as error:
        services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    assert error.value.reasons == [
        "At least two partner authorities from two different countries are needed."
    ]


def test_skipping_a_phase_is_refused_naming_the_first_unmet_condition(world):
    project = make_project(world)
    with pytest.raises(GateNotMet) as error:
        services.project_transition(actor=world.officer_lyon, project=project, to="funding")
    assert (
        str(error.value)
        == "An expertise mission with its findings and recommendations must be recorded first."
    )
    project.refresh_from_db()
    assert project.phase == Phase.IDENTIFICATION


def test_joint_definition_needs_every_partner_to_accept_the_mission_report(world):
    project = make_project(world)
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    mission = services.mission_record(
        actor=world.officer_lyon,
        project=project,
        title="Mission",
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 10, 9),
        findings="F",
        recommendations="R",
    )
    services.mission_accept(actor=world.officer_lyon, project=project, mission=mission, revision=1)
    with pytest.raises(GateNotMet) as error:
        services.project_transition(actor=world.officer_lyon, project=project, to="joint_definition")
    assert str(error.value) == "The expertise mission report is not yet accepted by: Ниш (Niš)."


def test_changing_the_mission_voids_its_acceptances(world):
    project = make_project(world)
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    mission = services.mission_record(
        actor=world.officer_lyon,
        project=project,
        title="Mission",
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 10, 9),
        findings="F",
        recommendations="R",
    )
    services.mission_accept(actor=world.officer_lyon, project=project, mission=mission, revision=1)
    services.mission_accept(actor=world.officer_nis, project=project, mission=mission, revision=1)
    services.mission_update(actor=world.officer_nis, mission=mission, revision=1, findings="F2")
    with pytest.raises(GateNotMet, match="not yet accepted by: Lyon, Ниш"):
        services.project_transition(actor=world.officer_lyon, project=project, to="joint_definition")


def test_the_whole_story_up_to_funding(world):
    project = make_project(world)
    bring_to_joint_definition(world, project)
    v1 = services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    assert v1.number == 1
    services.programme_approve(actor=world.elected_lyon, project=project, version=1)
    changed = [*actions_for(world), {"title": "Visite d'étude à Lyon", "partner_id": world.nis.pk}]
    v2 = services.programme_update(actor=world.officer_nis, project=project, version=1, actions=changed)
    assert v2.number == 2
    with pytest.raises(GateNotMet, match="Version 2 of the programme is not yet approved by: Lyon, Ниш"):
        services.project_transition(actor=world.officer_lyon, project=project, to="funding")
    services.programme_approve(actor=world.elected_lyon, project=project, version=2)
    services.programme_approve(actor=world.elected_nis, project=project, version=2)
    project = services.project_transition(actor=world.officer_nis, project=project, to="funding")
    assert project.phase == Phase.FUNDING
    assert ProgrammeApproval.objects.filter(version__number=1).count() == 1  # kept, but no longer counted
    kinds = list(project_timeline(project=project).values_list("kind", flat=True))
    assert kinds[0] == "project.phase_changed"
    assert kinds.count("programme.approved") == 3
    assert kinds.count("programme.version_created") == 2


def test_a_stale_programme_version_is_refused_and_keeps_both_texts(world):
    project = make_project(world)
    bring_to_joint_definition(world, project)
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    mine = [{"title": "Autre choix", "partner_id": world.nis.pk}]
    with pytest.raises(StaleVersion) as error:
        services.programme_update(actor=world.officer_nis, project=project, version=0, actions=mine)
    assert error.value.current["actions"][0]["title"] == "Diagnostic du réseau d'eau"
    assert error.value.submitted["actions"][0]["title"] == "Autre choix"
    assert ProgrammeVersion.objects.filter(project=project).count() == 1


def test_an_officer_without_delegation_cannot_approve(world):
    project = make_project(world)
    bring_to_joint_definition(world, project)
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    with pytest.raises(NotAllowed):
        services.programme_approve(actor=world.officer_lyon, project=project, version=1)


def test_an_officer_with_delegation_approves_for_their_own_authority_only(world):
    project = make_project(world)
    bring_to_joint_definition(world, project)
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    membership = world.membership(world.officer_lyon, world.lyon)
    membership.can_approve = True
    membership.save()
    officer = type(world.officer_lyon).objects.get(pk=world.officer_lyon.pk)  # a new request
    approval = services.programme_approve(actor=officer, project=project, version=1)
    assert approval.authority == world.lyon
    with pytest.raises(NotAllowed):
        services.programme_approve(actor=officer, project=project, authority_id=world.nis.pk, version=1)


def test_an_outsider_cannot_approve(world):
    project = make_project(world)
    bring_to_joint_definition(world, project)
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    outsider_elected = MembershipFactory(organisation=world.sofia, role=Role.ELECTED).user
    with pytest.raises(NotAllowed):
        services.programme_approve(actor=outsider_elected, project=project, version=1)
    assert ProgrammeApproval.objects.count() == 0


def test_an_action_must_be_led_by_a_partner(world):
    project = make_project(world)
    bring_to_joint_definition(world, project)
    with pytest.raises(
        InvalidInput, match=r"Action 1: the responsible partner must be one of the project's partners\."
    ):
        services.programme_update(
            actor=world.officer_lyon,
            project=project,
            version=0,
            actions=[{"title": "X", "partner_id": world.sofia.pk}],
        )


def test_implementation_needs_the_plan_the_procedure_steps_required_then_the_signed_convention(world):
    from mostovi.funding.plans import services as plan_services
    from mostovi.funding.tests.test_plan_world import make_dctciv, rsd_rate, save_balanced
    from mostovi.procedures.tests.helpers import required_steps_done

    project = make_project(world)
    bring_to_joint_definition(world, project)
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    services.programme_approve(actor=world.elected_lyon, project=project, version=1)
    services.programme_approve(actor=world.elected_nis, project=project, version=1)
    services.project_transition(actor=world.officer_lyon, project=project, to="funding")
    with pytest.raises(GateNotMet) as error:
        services.project_transition(actor=world.officer_lyon, project=project, to="implementation")
    assert [reason.split(":")[0] for reason in error.value.reasons][1:] == [
        "Procedure steps still to do",
        "The partnership convention must be uploaded with the signature date of every partner.",
    ]
    required_steps_done(world, project)
    rsd_rate()
    save_balanced(world, project, make_dctciv())
    plan_services.plan_approve(actor=world.elected_lyon, project=project, version=1)
    plan_services.plan_approve(actor=world.elected_nis, project=project, version=1)
    with pytest.raises(GateNotMet, match="partnership convention"):
        services.project_transition(actor=world.officer_lyon, project=project, to="implementation")
    services.document_upload(
        actor=world.officer_lyon,
        project=project,
        category="A09",
        title="Convention",
        language="fr",
        uploaded=SimpleUploadedFile("convention.pdf", PDF),
        signatures={world.lyon.pk: date(2027, 2, 1), world.nis.pk: date(2027, 2, 3)},
    )
    project = services.project_transition(actor=world.officer_lyon, project=project, to="implementation")
    assert project.phase == Phase.IMPLEMENTATION


def test_a_document_is_judged_by_its_content_not_its_name(world):
    project = make_project(world)
    with pytest.raises(InvalidInput, match="This kind of file is not accepted"):
        services.document_upload(
            actor=world.officer_lyon,
            project=project,
            category="A12",
            title="x",
            language="fr",
            uploaded=SimpleUploadedFile("looks.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert project.documents.count() == 0


def test_a_new_document_version_keeps_the_old_one(world):
    project = make_project(world)
    document = services.document_upload(
        actor=world.officer_lyon,
        project=project,
        category="A12",
        title="Note",
        language="fr",
        uploaded=SimpleUploadedFile("a.pdf", PDF),
    )
    services.document_add_version(
        actor=world.officer_nis, document=document, uploaded=SimpleUploadedFile("b.pdf", PDF + b" ")
    )
    assert list(document.versions.values_list("number", "filename")) == [(2, "b.pdf"), (1, "a.pdf")]


def test_suspension_needs_a_reason_and_resumes_to_the_phase_it_left(world):
    project = make_project(world)
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    with pytest.raises(InvalidInput):
        services.project_transition(actor=world.officer_lyon, project=project, to="suspended")
    services.project_transition(
        actor=world.officer_lyon, project=project, to="suspended", reason="Élections municipales"
    )
    with pytest.raises(GateNotMet, match="resumes to the phase it left: Expertise mission"):
        services.project_transition(actor=world.officer_lyon, project=project, to="identification")
    project = services.project_transition(actor=world.officer_nis, project=project, to="expertise_mission")
    assert (project.phase, project.resume_phase) == (Phase.EXPERTISE_MISSION, "")


def test_soft_delete_is_undone_by_an_officer(world):
    project = make_project(world)
    services.project_delete(actor=world.officer_lyon, project=project)
    assert Project.objects.alive().count() == 0
    services.project_restore(actor=world.officer_nis, project=project)
    assert Project.objects.alive().count() == 1


def test_two_editors_of_the_same_fields_conflict(world):
    project = make_project(world)
    services.project_update(actor=world.officer_lyon, project=project, revision=1, visibility="network")
    with pytest.raises(StaleVersion) as error:
        services.project_update(actor=world.officer_nis, project=project, revision=1, visibility="public")
    assert (error.value.current, error.value.submitted) == (
        {"visibility": "network"},
        {"visibility": "public"},
    )


def test_a_translation_is_added_and_the_original_kept(world):
    project = make_project(world)
    services.project_text_set(
        actor=world.officer_nis,
        project=project,
        field="title",
        language="sr",
        text="Управљање водом",
        revision=0,
    )
    texts = {(t.language, t.is_original) for t in project.texts.all()}
    assert texts == {("fr", True), ("sr", False)}
    event = Event.objects.get(kind="project.text_added")
    assert event.data == {"field": "title", "language": "sr", "new": "Управљање водом"}


def test_partners_are_notified_after_commit_with_mentions(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    project = make_project(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(
            actor=world.officer_lyon, project=project, body=f"Bonjour @{world.officer_nis.email}, on avance ?"
        )
    kinds = sorted(
        Notification.objects.filter(project=project, kind__startswith="comment").values_list("kind", "user")
    )
    assert ("comment.mention", world.officer_nis.pk) in kinds
    assert ("comment.posted", world.elected_nis.pk) in kinds
    assert all(user != world.officer_lyon.pk for _kind, user in kinds)
    assert {m.to[0] for m in mailoutbox} >= {world.officer_nis.email, world.elected_nis.email}


def test_an_outsider_cannot_comment(world):
    project = make_project(world)
    with pytest.raises(NotAllowed):
        services.comment_post(actor=world.outsider, project=project, body="Hello")


def test_dac_sectors_are_checked_against_the_iati_codelist(world):
    project = make_project(world)
    with pytest.raises(InvalidInput, match=r"Unknown DAC sector code: 99999\."):
        services.project_update(
            actor=world.officer_lyon, project=project, revision=1, dac_sectors=["14010", "99999"]
        )
    project = services.project_update(
        actor=world.officer_lyon, project=project, revision=1, dac_sectors=["14010"]
    )
    assert project.dac_sectors == ["14010"]


def test_a_language_code_with_a_trailing_newline_is_refused():
    from mostovi.projects.exceptions import InvalidInput

    world = make_world()
    with pytest.raises(InvalidInput):
        services.project_create(
            actor=world.officer_lyon, title="Eau", language="fr\n", partner_ids=[world.lyon.pk]
        )
    assert not Project.objects.exists()


def test_a_serbian_title_is_read_in_the_readers_script():
    from mostovi.projects.selectors import project_get_for_page, project_text

    world = make_world()
    project = make_project(world)
    services.project_text_set(
        actor=world.officer_nis,
        project=project,
        field="title",
        language="sr",
        text="Вода за Ниш",
        revision=0,
    )
    project = project_get_for_page(pk=project.pk)
    latin = project_text(project, "title", "sr-latn")
    assert (latin.text, latin.language, latin.pk) == ("Voda za Niš", "sr-latn", None)
    assert project_text(project, "title", "sr").text == "Вода за Ниш"
    assert project_text(project, "title", "bg").text == "Gestion de l'eau à Niš"  # the original
