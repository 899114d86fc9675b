"""The review, follow-up, lessons, mandate, turnover and handover pages pass axe and fit on a phone.

A Lyon officer (a partner of the Lyon–Niš project) visits every page at desktop width and at phone width:
axe-core must find no serious or critical violation, and on the phone nothing may scroll sideways (wide
tables scroll inside their own `.table-wrap`).

The state is built with the services: three joint reviews (completed, in synthesis, being scored by Lyon
after Niš submitted), follow-up actions (one overdue whose owner left, one in progress, one done), lessons,
mandate dates, an expected departure of Niš's responsible person (the turnover banner) and a partnership.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from mostovi.accounts.models import Role
from mostovi.accounts.services import membership_end, membership_expected_end_set
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.core.tests.browser.plugin import run_axe
from mostovi.directory.services import organisation_mandate_update
from mostovi.evaluation.actions import services as action_services
from mostovi.evaluation.lessons import services as lesson_services
from mostovi.evaluation.reviews import services as review_services
from mostovi.partnerships.models import Kind
from mostovi.partnerships.services import partnership_create
from mostovi.projects import services as project_services

from .review_world import completed, score_and_submit, scored
from .world import logframe_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def build() -> dict[str, str]:
    world, project, _results, _losses, _trained = logframe_world()
    today = timezone.localdate()
    lyon_officer = world.membership(world.officer_lyon, world.lyon)
    nis_officer = world.membership(world.officer_nis, world.nis)
    # Niš: a responsible officer who left (the deputy took over what she held) and a new responsible one
    # expected to leave within three months.
    departing = MembershipFactory(organisation=world.nis, role=Role.OFFICER, user__full_name="Nenad Ilić")
    leaving = MembershipFactory(organisation=world.nis, role=Role.OFFICER, user__full_name="Ана Јовановић")
    project_services.partner_set_roles(
        actor=world.officer_nis,
        project=project,
        authority_id=world.nis.pk,
        responsible_id=departing.pk,
        deputy_id=nis_officer.pk,
    )
    organisation_mandate_update(
        actor=world.officer_lyon,
        organisation=world.lyon,
        mandate_started_on=date(2020, 7, 3),
        next_elections_on=today + timedelta(days=60),
    )
    review_services.review_schedule_set(
        actor=world.officer_lyon, project=project, interval_months=6, first_review_on=date(2026, 7, 15)
    )
    first = review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        summary="Diagnostic du réseau terminé, 12 secteurs délimités.",
        language="fr",
    )
    completed(world, first)
    second = review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 12, 31),
        summary="Trois secteurs équipés de compteurs.",
        language="fr",
    )
    scored(world, second, lyon_score=4, nis_score=1)
    review_services.review_synthesis_update(
        actor=world.officer_lyon,
        review=second,
        synthesis="Les partenaires voient l'efficacité différemment.",
        language="fr",
        version=0,
    )
    third = review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 6, 30),
        summary="Second cycle de formation.",
        language="fr",
    )
    score_and_submit(third, world.nis, world.officer_nis, 2, "Мрежа боље позната")
    overdue = action_services.action_create(
        actor=world.officer_lyon,
        project=project,
        review_id=first.pk,
        title="Поставити преостале секторске водомере",
        description="Девет водомера за секторе 4 до 12.",
        language="sr",
        owner_id=departing.pk,
        due_on=today - timedelta(days=10),
    )
    moving = action_services.action_create(
        actor=world.officer_lyon,
        project=project,
        review_id=first.pk,
        title="Plan de comptage commun avec l'entreprise des eaux",
        language="fr",
        owner_id=lyon_officer.pk,
        due_on=today + timedelta(days=30),
    )
    action_services.action_transition(actor=world.officer_lyon, action=moving, to="in_progress")
    done = action_services.action_create(
        actor=world.officer_lyon,
        project=project,
        review_id=first.pk,
        title="Former deux techniciens de plus à la détection acoustique des fuites",
        language="fr",
        owner_id=lyon_officer.pk,
        due_on=today - timedelta(days=40),
    )
    action_services.action_transition(
        actor=world.officer_lyon, action=done, to="done", evidence="Attestations de formation."
    )
    for authority, actor, title, language in (
        (world.nis, world.officer_nis, "Набавку опреме покренути пре обуке", "sr"),
        (world.lyon, world.officer_lyon, "Un plan de comptage commun dès la mission d'expertise", "fr"),
    ):
        lesson_services.lesson_create(
            actor=actor,
            project=project,
            authority_id=authority.pk,
            review_id=first.pk,
            title=title,
            text="Une leçon assez longue pour passer sur plusieurs lignes d'un téléphone. " * 3,
            language=language,
        )
    membership_end(actor=departing.user, membership=departing)
    project_services.partner_set_roles(
        actor=world.officer_nis,
        project=project,
        authority_id=world.nis.pk,
        responsible_id=leaving.pk,
        deputy_id=nis_officer.pk,
    )
    membership_expected_end_set(
        actor=leaving.user, membership=leaving, expected_end_on=today + timedelta(days=45)
    )
    membership_expected_end_set(
        actor=world.officer_lyon, membership=lyon_officer, expected_end_on=today + timedelta(days=300)
    )
    partnership = partnership_create(
        actor=world.officer_lyon,
        kind=Kind.COOPERATION,
        authority_ids=[world.lyon.pk, world.nis.pk],
        signed_on=date(2019, 5, 14),
    )
    p, e = project.pk, "/fr/evaluation"
    lyon, nis = world.lyon.pk, world.nis.pk
    # Each page, and what must be on it (so that the checks look at the part under test).
    return world, {
        "reviews": (f"{e}/projects/{p}/reviews/", f"#review-{first.pk}"),
        "review completed": (f"{e}/projects/{p}/reviews/{first.pk}/", "[data-testid=side-by-side]"),
        "review in synthesis": (f"{e}/projects/{p}/reviews/{second.pk}/", f"[data-testid=approve-{lyon}]"),
        "review being scored": (
            f"{e}/projects/{p}/reviews/{third.pk}/",
            f"[data-testid=assessment-form-{lyon}]",
        ),
        "review report": (f"{e}/projects/{p}/reviews/{first.pk}/report/", "button[data-print]:visible"),
        "project actions": (f"{e}/projects/{p}/actions/", f"[data-testid=overdue-{overdue.pk}]"),
        "new action": (f"{e}/projects/{p}/actions/new/", "main form"),
        "edit action": (f"{e}/projects/{p}/actions/{overdue.pk}/edit/", "main form"),
        "authority actions": (f"{e}/authorities/{nis}/actions/", f"[data-testid=overdue-{overdue.pk}]"),
        "lessons": (f"{e}/lessons/", "article.lesson"),
        "project lessons": (f"{e}/lessons/?project={p}", "article.lesson"),
        "new lesson": (f"{e}/projects/{p}/lessons/new/", "main form"),
        "authority page (mandate)": (f"/fr/directory/{lyon}/", "#mandate form"),
        "account (expected departure)": ("/fr/me/", ".expected-end-form"),
        "invite and members": (f"/fr/me/organisations/{lyon}/invite/", ".expected-end-form"),
        "project (turnover banner, handover links)": (f"/fr/projects/{p}/", ".turnover-banner li"),
        "home (turnover)": ("/fr/", ".turnover-home li"),
        "partnership (handover links)": (f"/fr/partnerships/{partnership.pk}/", ".handover-links"),
    }


def _problems(page, name: str, path: str, marker: str, *, phone: bool, navigate: bool = True) -> list[str]:
    problems = []
    if navigate:
        response = page.goto(path)
        if response is None or not response.ok:
            return [f"{name} ({path}) answered {response and response.status}"]
    if page.locator(marker).count() == 0:
        problems.append(f"{name} ({path}): nothing matches {marker}")
    # Open every <details> so the forms and tables inside are checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    try:
        run_axe(page)
    except pytest.fail.Exception as failure:
        problems.append(f"{name}: {failure}")
    if phone:
        scroll_width, inner_width, culprits = page.evaluate(
            """() => {
                const width = window.innerWidth;
                const wide = [...document.querySelectorAll('body *')].filter(el => {
                    const box = el.getBoundingClientRect();
                    return box.right > width + 1 && !el.closest('.table-wrap, .chart-scroll');
                }).slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (typeof el.className === 'string' && el.className.trim()
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
                return [document.documentElement.scrollWidth, width, wide];
            }"""
        )
        if scroll_width > inner_width + 1:
            problems.append(
                f"{name}: {scroll_width}px wide on a {inner_width}px phone; wider: {', '.join(culprits)}"
            )
    return problems


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_review_follow_up_and_turnover_pages_are_accessible(new_page, sign_in, width):
    world, paths = build()
    phone = width == "phone"
    # Not is_mobile: a mobile viewport widens itself to fit wide content, which would hide the overflow.
    page = new_page(viewport=PHONE if phone else DESKTOP)
    sign_in(page, world.officer_lyon)
    problems = []
    for name, (path, marker) in paths.items():
        problems += _problems(page, name, path, marker, phone=phone)
    assert not problems, "\n".join(problems)


def test_refused_forms_stay_accessible_on_a_phone(new_page, sign_in):
    """A form sent back with its errors still passes axe and fits the phone."""
    world, paths = build()
    page = new_page(viewport=PHONE)
    sign_in(page, world.officer_lyon)
    problems = []
    sends = [
        ("new action", "main form", {}),
        ("new lesson", "main form", {}),
        ("reviews", "#add-review form", {}),  # an empty period
        ("account (expected departure)", ".expected-end-form", {"input[type=date]": "2001-01-01"}),
        ("invite and members", ".expected-end-form", {"input[type=date]": "2001-01-01"}),
    ]
    for name, form_selector, fills in sends:
        path, _marker = paths[name]
        page.goto(path)
        form = page.locator(form_selector).first
        form.evaluate("form => { form.noValidate = true; }")  # the server's errors, not the browser's
        for selector, value in fills.items():
            form.locator(selector).fill(value)
        form.locator("button[type=submit]").last.click()
        page.wait_for_load_state()
        if page.locator(".errorlist, .field-errors, .form-errors, [role=alert]").count() == 0:
            problems.append(f"{name}: the refused form shows no error")
        problems += _problems(page, f"{name} refused", page.url, "main", phone=True, navigate=False)
    assert not problems, "\n".join(problems)
