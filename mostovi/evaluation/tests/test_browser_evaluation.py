"""Evaluate together and survive turnover, in the browser.

Set up with services: the Lyon–Niš project has its results framework (Niš reports the network losses), a
first joint review completed with a follow-up action now overdue, and a second review to score. The Niš
officer who was responsible for the project and owned the action has left: the deputy took over.
Then everything goes through the pages: Niš reports a value and submits it, Lyon approves it; each partner
scores the second review on its own (the other's scores stay hidden) until both have submitted and the scores
are shown side by side; Lyon downloads the handover pack, whose text names both partners, the overdue action
and the new holder of the departed officer's role.
"""

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from mostovi.accounts.models import Membership, Role
from mostovi.accounts.services import membership_end
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.evaluation.actions import services as action_services
from mostovi.evaluation.models import Criterion, FollowUpAction
from mostovi.evaluation.reviews import services as review_services
from mostovi.projects import services as project_services
from mostovi.projects.models import ProjectPartner

from .review_world import completed
from .world import logframe_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERDUE_TITLE = "Install the remaining sector meters"
LYON_SCORES = {
    "relevance": 4,
    "coherence": 3,
    "effectiveness": 3,
    "efficiency": 2,
    "impact": 2,
    "sustainability": 3,
}
NIS_SCORES = {
    "relevance": 4,
    "coherence": 3,
    "effectiveness": 1,
    "efficiency": 2,
    "impact": 2,
    "sustainability": 3,
}


def turnover_world():
    world, project, _results, losses, _trained = logframe_world()
    world.officer_nis.full_name = "Milica Petrović"
    world.officer_nis.save()
    departing = MembershipFactory(organisation=world.nis, role=Role.OFFICER, user__full_name="Nenad Ilić")
    deputy = Membership.objects.get(user=world.officer_nis, organisation=world.nis)
    project_services.partner_set_roles(
        actor=world.officer_nis,
        project=project,
        authority_id=world.nis.pk,
        responsible_id=departing.pk,
        deputy_id=deputy.pk,
    )
    first = review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        summary="Diagnostic du réseau.",
        language="fr",
    )
    completed(world, first)
    action_services.action_create(
        actor=world.officer_lyon,
        project=project,
        review_id=first.pk,
        title=OVERDUE_TITLE,
        language="en",
        owner_id=departing.pk,
        due_on=timezone.localdate() - timedelta(days=10),
    )
    second = review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 12, 31),
        summary="Three sectors equipped with meters.",
        language="en",
    )
    membership_end(actor=departing.user, membership=departing)
    return world, project, losses, second


def score(page, authority_id: int, scores: dict, narrative: str) -> None:
    form = page.get_by_test_id(f"assessment-form-{authority_id}")
    for criterion, value in scores.items():
        form.locator(f'input[name="score_{criterion}"][value="{value}"]').check()
        form.locator(f"#narrative-{authority_id}-{criterion}").fill(f"{narrative} ({criterion})")
    form.get_by_role("button", name="Save and submit").click()
    page.locator("#confirm-dialog [data-confirm-ok]").click()


def test_nis_reports_lyon_approves_both_score_and_the_handover_pack_names_who_took_over(
    new_page, sign_in, axe, confirm, tmp_path
):
    world, project, losses, review = turnover_world()
    # What the platform did when the officer left: the deputy holds the project and the overdue action.
    partner = ProjectPartner.objects.get(project=project, authority=world.nis)
    assert partner.responsible.user == world.officer_nis
    assert FollowUpAction.objects.get(title=OVERDUE_TITLE).owner.user == world.officer_nis

    lyon = new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    nis = new_page(viewport={"width": 390, "height": 844}, locale="en-GB")  # on a phone
    sign_in(lyon, world.officer_lyon)
    sign_in(nis, world.officer_nis)
    logframe = f"/en/evaluation/projects/{project.pk}/"

    # 1. Niš reports the network losses of the second half of 2026 and submits the value to Lyon.
    nis.goto(logframe)
    indicator = nis.locator(f"#indicator-{losses.pk}")
    indicator.get_by_text("Report a value").click()
    indicator.get_by_label("From:").fill("2026-07-01")
    indicator.get_by_label("To:").fill("2026-12-31")
    indicator.get_by_label("Value:").fill("35")
    indicator.get_by_role("button", name="Save as draft").click()
    indicator = nis.locator(f"#indicator-{losses.pk}")
    indicator.get_by_role("button", name="Submit to the other partner").click()
    expect(nis.locator(f"#indicator-{losses.pk}")).to_contain_text("Submitted")
    axe(nis)

    # 2. Lyon approves it: the latest approved value is 35.
    lyon.goto(logframe)
    lyon.locator(f"#indicator-{losses.pk}").get_by_role("button", name="Approve").click()
    confirm(lyon, says=["Approve the value reported for"])
    expect(lyon.get_by_test_id(f"latest-{losses.pk}")).to_contain_text("35")

    # 3. Each partner scores the second review; Lyon's scores stay hidden from Niš until Niš has submitted.
    review_page = f"/en/evaluation/projects/{project.pk}/reviews/{review.pk}/"
    lyon.goto(review_page)
    axe(lyon)
    score(lyon, world.lyon.pk, LYON_SCORES, "Lyon")
    expect(lyon.get_by_test_id(f"assessment-form-{world.lyon.pk}")).to_have_count(0)
    nis.goto(review_page)
    expect(nis.get_by_test_id("side-by-side")).to_have_count(0)
    expect(nis.locator("body")).not_to_contain_text("Lyon (relevance)")
    score(nis, world.nis.pk, NIS_SCORES, "Niš")
    table = nis.get_by_test_id("side-by-side")
    expect(table).to_be_visible()
    for criterion in Criterion.values:
        expect(nis.get_by_test_id(f"score-{criterion}-{world.lyon.pk}")).to_have_text(
            str(LYON_SCORES[criterion])
        )
        expect(nis.get_by_test_id(f"score-{criterion}-{world.nis.pk}")).to_have_text(
            str(NIS_SCORES[criterion])
        )
    expect(nis.get_by_test_id("gap-effectiveness")).to_have_text("2")
    axe(nis)

    # 4. Lyon downloads the handover pack from the project page.
    lyon.goto(f"/en/projects/{project.pk}/")
    summary = lyon.get_by_test_id("evaluation-summary")  # loaded by HTMX after the page
    expect(summary).to_contain_text("2 reviews")
    expect(summary).to_contain_text("1 overdue")
    expect(summary).to_contain_text(OVERDUE_TITLE)
    with lyon.expect_download() as download:
        lyon.get_by_test_id("handover-pdf").click()
    assert re.fullmatch(
        rf"handover-{project.pk}-\d{{4}}-\d{{2}}-\d{{2}}\.pdf", download.value.suggested_filename
    )
    path = tmp_path / "pack.pdf"
    download.value.save_as(path)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Lyon" in text
    assert "Ниш" in text
    assert OVERDUE_TITLE in text
    assert "Overdue" in text or "overdue" in text
    assert "Milica Petrović" in text  # the new holder of the departed officer's role
    assert "Nenad Ilić" in text  # the story says who left
