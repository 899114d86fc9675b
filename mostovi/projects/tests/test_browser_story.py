"""The story of a Lyon–Niš project, played in two browsers and two interfaces.

Lyon's officer works in French (/fr/…), Niš's officer in Serbian Cyrillic (/sr/…); the elected officials of
both approve the programme. Everything goes through the pages. The texts are those of the French and
Serbian catalogues; a string not translated yet is found by its `data-testid` instead.
"""

import re

import pytest
from playwright.sync_api import expect

from mostovi.projects.models import Project

from .factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"


def fr_move_to(phase: str) -> str:
    return f"Passer en «{NBSP}{phase}{NBSP}»"


def sr_move_to(phase: str) -> str:
    return f"Пређите у фазу „{phase}“"


def field(scope, label: str):
    """A form field by its whole label (a required field's label ends with an asterisk)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def section(page, heading: str):
    """A section of the project page, by its heading (sections are regions named by their h2)."""
    return page.get_by_role("region", name=heading, exact=True)


def test_lyon_and_nis_take_a_project_to_funding(new_page, sign_in, axe, confirm):
    world = make_world()
    lyon = new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    nis = new_page(viewport={"width": 1280, "height": 900}, locale="sr-RS")
    lyon_approver = new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    nis_approver = new_page(viewport={"width": 1280, "height": 900}, locale="sr-RS")
    sign_in(lyon, world.officer_lyon)
    sign_in(nis, world.officer_nis)
    sign_in(lyon_approver, world.elected_lyon)
    sign_in(nis_approver, world.elected_nis)

    # Lyon creates the project and finds Niš with the partner search (JavaScript: HTMX).
    lyon.goto("/fr/projects/new/")
    field(lyon, "Titre").fill("Gestion de l’eau à Niš")
    field(lyon, "Trouver une autre collectivité partenaire").fill("Ниш")
    results = lyon.get_by_role("group", name=f"Collectivités trouvées pour «{NBSP}Ниш{NBSP}»")
    results.get_by_role("checkbox", name=re.compile("Ниш")).check()
    expect(lyon.get_by_role("checkbox", name=re.compile("Lyon"))).to_be_checked()
    lyon.get_by_role("button", name="Créer le projet").click()
    expect(lyon.get_by_text("Le projet a été créé.")).to_be_visible()
    project = Project.objects.get()
    page_fr = f"/fr/projects/{project.pk}/"
    page_sr = f"/sr/projects/{project.pk}/"
    expect(lyon).to_have_url(re.compile(rf"{page_fr}$"))

    # Lyon names its responsible person and deputy among its members (Lyon's form only: not Niš's).
    expect(lyon.get_by_test_id(f"roles-{world.nis.pk}")).to_have_count(0)
    roles = lyon.get_by_test_id(f"roles-{world.lyon.pk}")
    roles.locator("summary").click()
    lyon.get_by_test_id("add-participant").locator("summary").click()
    lyon.get_by_test_id("add-partner").locator("summary").click()
    axe(lyon)  # the project page, its forms open
    field(roles, "Responsable").select_option(
        label=f"{world.officer_lyon} — Chargé·e de mission relations internationales"
    )
    field(roles, "Suppléant·e").select_option(label=f"{world.elected_lyon} — Élu·e")
    roles.get_by_role("button", name="Enregistrer").click()
    expect(lyon.get_by_test_id(f"responsible-{world.lyon.pk}")).to_have_text(str(world.officer_lyon))
    expect(lyon.get_by_test_id(f"deputy-{world.lyon.pk}")).to_have_text(str(world.elected_lyon))

    # Identification → expertise mission; the mission is recorded with its findings.
    lyon.get_by_role("button", name=fr_move_to("Mission d’expertise")).click()
    confirm(lyon)
    expect(lyon.get_by_text(f"Le projet est passé à la phase{NBSP}: Mission d’expertise.")).to_be_visible()
    mission = section(lyon, "Mission d’expertise")
    mission.get_by_text("Enregistrer la mission d’expertise", exact=True).click()
    field(mission, "Intitulé de la mission").fill("Mission d’expertise eau")
    field(mission, "Du").fill("2026-10-05")
    field(mission, "Au").fill("2026-10-09")
    field(mission, "Constats").fill("Pertes de 40 % sur le réseau.")
    field(mission, "Recommandations").fill("Sectoriser le réseau.")
    mission.get_by_role("button", name="Enregistrer la mission").click()

    # Each partner accepts the report, Niš in Serbian.
    lyon.get_by_role("button", name="Accepter le rapport pour Lyon").click()
    confirm(lyon)
    expect(lyon.get_by_role("button", name="Accepter le rapport pour Lyon")).to_have_count(0)
    nis.goto(page_sr)
    nis.get_by_role("button", name="Прихватите извештај у име организације Ниш").click()
    confirm(nis)
    expect(nis.get_by_role("button", name=re.compile("Прихватите извештај"))).to_have_count(0)
    nis.get_by_role("button", name=sr_move_to("Заједничко дефинисање")).click()
    confirm(nis)
    expect(nis.get_by_text("Пројекат је прешао у фазу: Заједничко дефинисање.")).to_be_visible()

    # Lyon writes version 1 of the programme.
    lyon.goto(page_fr)
    lyon.get_by_role("button", name="Rédiger le programme").click()
    field(lyon, "Objectifs").fill("Réduire les pertes du réseau d’eau.")
    first = lyon.get_by_role("group", name="Action 1")
    field(first, "Action").fill("Diagnostic du réseau")
    field(first, "Partenaire responsable").select_option(label="Lyon")
    second = lyon.get_by_role("group", name="Action 2")
    field(second, "Action").fill("Обука техничара")
    field(second, "Partenaire responsable").select_option(label="Ниш (Niš)")
    axe(lyon)
    lyon.get_by_role("button", name="Enregistrer comme nouvelle version").click()
    expect(lyon.get_by_text("La version 1 du programme a été enregistrée.")).to_be_visible()

    # Lyon's elected official approves version 1.
    lyon_approver.goto(page_fr)
    lyon_approver.get_by_role("button", name="Valider la version 1 pour Lyon").click()
    confirm(lyon_approver)
    expect(lyon_approver.get_by_test_id(f"approval-{world.lyon.pk}")).to_contain_text("version 1 validée par")

    # Niš's officer changes the programme: version 2, on which Lyon's approval of version 1 does not count.
    nis.goto(page_sr)
    nis.get_by_role("button", name="Измените програм").click()
    field(nis, "Циљеви").fill("Смањити губитке у водоводној мрежи.")
    nis.get_by_role("button", name="Сачувај као нову верзију").click()
    expect(nis.get_by_text("Верзија 2 програма је сачувана.")).to_be_visible()
    programme = section(nis, "Програм изабраних интервенција")
    expect(programme.get_by_role("heading", name="Одобрења верзије 2")).to_be_visible()
    expect(programme.get_by_test_id("voided-approvals")).to_contain_text("Lyon")
    expect(programme.get_by_test_id(f"approval-{world.lyon.pk}")).to_contain_text("још није одобрена")
    lyon_approver.reload()
    expect(lyon_approver.get_by_test_id(f"approval-{world.lyon.pk}")).to_contain_text("pas encore validée")

    # Both elected officials approve version 2.
    lyon_approver.get_by_role("button", name="Valider la version 2 pour Lyon").click()
    confirm(lyon_approver)
    expect(lyon_approver.get_by_test_id(f"approval-{world.lyon.pk}")).to_contain_text("version 2 validée par")
    nis_approver.goto(page_sr)
    nis_approver.get_by_role("button", name="Одобрите верзију 2 у име организације Ниш").click()
    confirm(nis_approver)
    expect(nis_approver.get_by_test_id(f"approval-{world.nis.pk}")).to_contain_text("верзију 2 одобрио/ла")

    # Joint definition → funding.
    nis.goto(page_sr)
    nis.get_by_role("button", name=sr_move_to("Финансирање")).click()
    confirm(nis)
    expect(nis.get_by_text("Пројекат је прешао у фазу: Финансирање.")).to_be_visible()
    expect(section(nis, "Фаза").locator("[aria-current=step]")).to_contain_text("Финансирање")
    lyon.goto(page_fr)
    expect(section(lyon, "Phase").locator("[aria-current=step]")).to_contain_text("Financement")

    # The timeline lists the decisions, in Serbian for Niš.
    timeline = section(nis, "Хронологија")
    for decision in (
        "је прихватио/ла извештај експертске мисије у име организације Lyon",
        "је прихватио/ла извештај експертске мисије у име организације Ниш",
        "је одобрио/ла верзију 1 програма у име организације Lyon",
        "је сачувао/ла верзију 2 програма",
        "је одобрио/ла верзију 2 програма у име организације Lyon",
        "је одобрио/ла верзију 2 програма у име организације Ниш",
    ):
        expect(timeline.get_by_text(decision)).to_have_count(1)
    expect(timeline.get_by_text("је пребацио/ла пројекат у нову фазу")).to_have_count(3)
    project.refresh_from_db()
    assert project.phase == "funding"


def test_a_partner_and_a_participant_are_added_with_the_live_searches(page, sign_in):
    from mostovi.directory.tests.factories import NetworkFactory

    from .factories import make_project

    world = make_world()
    NetworkFactory(name="Cités Unies France", name_latin="Cités Unies France", acronym="CUF")
    project = make_project(world, partner_ids=[world.lyon.pk])
    sign_in(page, world.officer_lyon)
    page.goto(f"/fr/projects/{project.pk}/")

    panel = page.get_by_test_id("add-partner")
    panel.locator("summary").click()
    field(panel, "Trouver une autre collectivité partenaire").fill("Nis")
    panel.get_by_role("checkbox", name=re.compile("Ниш")).check()
    expect(panel.get_by_role("checkbox", name=re.compile("Lyon"))).to_have_count(0)  # already a partner
    panel.get_by_test_id("partner-add-submit").click()
    partners = page.locator("#overview table").first  # the partner authorities
    expect(partners.get_by_role("rowheader", name=re.compile("Ниш"))).to_be_visible()

    panel = page.get_by_test_id("add-participant")
    panel.locator("summary").click()
    panel.get_by_role("searchbox").fill("Cités")
    panel.get_by_role("radio", name=re.compile("Cités Unies France")).check()
    field(panel, "rôle IATI").select_option(label="Financement")
    panel.get_by_test_id("participant-add-submit").click()
    expect(page.locator("#participants + ul")).to_contain_text("Cités Unies France")
