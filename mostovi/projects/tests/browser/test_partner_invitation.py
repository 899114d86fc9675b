"""Bringing in a partner that has nobody on Mostovi, in a real browser: Lyon invites a person from Plovdiv,
who accepts from the e-mail's link and accepts the mission report provisionally; staff confirm the
membership and the project moves to joint definition. On a desktop and on a phone-sized page."""

import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from mostovi.accounts.tests.factories import UserFactory
from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.projects import services
from mostovi.projects.models import Phase, Project
from mostovi.projects.tests.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True},
}


@pytest.mark.parametrize("size", list(SIZES))
def test_lyon_brings_plovdiv_in_and_the_project_moves_on(new_page, sign_in, confirm, size):
    world = make_world()
    plovdiv = AuthorityFactory(
        name="Пловдив", name_latin="Plovdiv", country="BG", website="https://plovdiv.bg"
    )
    project = services.project_create(
        actor=world.officer_lyon,
        title="Eau et assainissement",
        language="fr",
        partner_ids=[world.lyon.pk, plovdiv.pk],
    )
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    mission = services.mission_record(
        actor=world.officer_lyon,
        project=project,
        title="Mission d'expertise",
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 10, 9),
        findings="Pertes de 40 %.",
        recommendations="Sectoriser.",
    )
    services.mission_accept(actor=world.officer_lyon, project=project, mission=mission, revision=1)
    mail.outbox.clear()

    # Lyon: nobody from Plovdiv is here yet; invite a colleague from the project page.
    lyon = sign_in(new_page(**SIZES[size]), world.officer_lyon)
    lyon.goto(f"/en/projects/{project.pk}/")
    expect(lyon.get_by_test_id(f"nobody-{plovdiv.pk}")).to_contain_text("nobody from Пловдив on Mostovi yet")
    invite = lyon.get_by_test_id(f"invite-{plovdiv.pk}")
    invite.locator("summary").click()
    invite.locator("input[name=email]").fill("ivan.petrov@mail.example")
    invite.locator("select[name=language]").select_option("bg")
    invite.locator("button[type=submit]").click()
    expect(lyon.locator("body")).to_contain_text("Invitation sent to ivan.petrov@mail.example")

    (message,) = mail.outbox
    link = re.search(r"https?://\S+?(/\S+/invitations/\S+?/)\s", message.body).group(1)

    # The invited person opens the link, creates the account and accepts the report, provisionally.
    ivan = new_page(**SIZES[size])
    ivan.goto(link)
    ivan.locator("input[name=name]").fill("Иван Петров")
    ivan.locator("input[name=password]").fill("Plovdiv-on-the-Maritsa-1")
    ivan.get_by_role("button", name="Create my account and accept").click()
    expect(ivan).to_have_url(re.compile(rf"/projects/{project.pk}/"))
    ivan.goto(f"/en/projects/{project.pk}/#mission")
    ivan.get_by_role("button", name=re.compile("Accept the report for")).click()
    confirm(ivan, says=["Accept the expertise mission report for Пловдив (Plovdiv)?"], told=["Lyon"])
    expect(ivan.get_by_test_id(f"provisional-{plovdiv.pk}")).to_contain_text(
        "accepted by Пловдив — provisional, until Иван Петров's membership is confirmed"
    )

    # Not yet: the acceptance waits for the confirmation.
    lyon.goto(f"/en/projects/{project.pk}/")
    lyon.get_by_role("button", name=re.compile("Move to “Joint definition”")).click()
    confirm(lyon, says=["Move the project to “Joint definition”?"])
    expect(lyon.locator("#gate-refused")).to_contain_text("Пловдив")
    assert Project.objects.get(pk=project.pk).phase == Phase.EXPERTISE_MISSION

    # Staff confirm the membership from the project page.
    staff = sign_in(new_page(**SIZES[size]), UserFactory(is_staff=True))
    staff.goto(f"/en/projects/{project.pk}/")
    decide = staff.locator("[data-testid^=decide-membership-]")
    decide.locator("summary").click()
    decide.get_by_role("button", name=re.compile("Confirm Иван Петров")).click()
    confirm(staff, says=["Confirm Иван Петров as a member of Пловдив"], told=[])
    expect(staff.locator("body")).to_contain_text("is confirmed: their approvals now count")

    lyon.goto(f"/en/projects/{project.pk}/")
    lyon.get_by_role("button", name=re.compile("Move to “Joint definition”")).click()
    confirm(lyon, says=["Move the project to “Joint definition”?"])
    expect(lyon.locator("body")).not_to_contain_text("cannot move")
    assert Project.objects.get(pk=project.pk).phase == Phase.JOINT_DEFINITION
