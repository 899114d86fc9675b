"""The funding story of a Lyon–Niš project, in the browser: eligibility, plan, approvals, implementation.

Set up with services: the project is in phase "funding" (programme approved by both partners), the real
catalogue is imported and an RSD rate is entered. Then everything goes through the pages: Lyon's officer
reads the eligibility of the instruments and writes the funding plan in French (amounts typed the French
way, in EUR and RSD), tries to move to implementation too early, balances the plan; the elected officials
approve it, Lyon's in French and Niš's in Serbian Cyrillic; Lyon uploads the signed partnership convention
and moves the project to implementation. The texts are those of the French and Serbian catalogues.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from mostovi.funding.catalogue import texts
from mostovi.funding.models import Instrument
from mostovi.funding.plans import services as plan_services
from mostovi.procedures.tests.helpers import required_steps_done
from mostovi.projects import services
from mostovi.projects.models import Project
from mostovi.projects.tests.factories import actions_for, bring_to_joint_definition, make_project, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"
DCTCIV = "meae-dctciv-aap-generaliste"
RANK = {"eligible": 0, "unknown": 1, "not_eligible": 2}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def field(scope, label: str):
    """A form field by its whole label (a required field's label ends with an asterisk)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def amount(text: str):
    """An amount as rendered in French (grouped by a non-breaking space): "100 000,00 EUR"."""
    return re.compile(re.escape(text).replace(r"\ ", r"\s"))


def funding_project():
    world = make_world()
    project = bring_to_joint_definition(world, make_project(world))
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    services.programme_approve(actor=world.elected_lyon, project=project, version=1)
    services.programme_approve(actor=world.elected_nis, project=project, version=1)
    project = services.project_transition(actor=world.officer_nis, project=project, to="funding")
    call_command("import_funding_catalogue", verbosity=0)
    plan_services.exchange_rate_set(
        actor=world.officer_lyon,
        currency="RSD",
        on=timezone.localdate() - timedelta(days=3),
        units_per_eur=Decimal("117.2"),
        source="NBS",
        project=project,
    )
    # Each side's council decided and the State's control followed (the procedure board): the gate into
    # implementation then waits only for what this test does on the pages.
    required_steps_done(world, project)
    return world, project


def test_lyon_and_nis_fund_their_project_and_move_it_to_implementation(
    new_page, sign_in, axe, confirm, tmp_path
):
    world, project = funding_project()
    assert project.phase == "funding"
    dctciv = Instrument.objects.get(slug=DCTCIV)
    # A French reader reads the catalogue's French translation.
    dctciv_fr = texts.text(dctciv, language="fr")
    assert dctciv_fr.endswith("appel à projets généraliste (AAP généraliste)")
    lyon = new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    lyon_approver = new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    nis_approver = new_page(viewport={"width": 1280, "height": 900}, locale="sr-RS")
    sign_in(lyon, world.officer_lyon)
    sign_in(lyon_approver, world.elected_lyon)
    sign_in(nis_approver, world.elected_nis)
    project_fr = f"/fr/projects/{project.pk}/"
    plan_fr = f"/fr/funding/projects/{project.pk}/plan/"

    # 1. The instruments of the catalogue, ranked for the project; the DCTCIV with its reasons.
    lyon.goto(f"/fr/funding/projects/{project.pk}/eligibility/")
    expect(lyon.get_by_role("heading", level=1)).to_have_text(
        "Quels instruments peuvent financer ce projet ?"
    )
    verdicts = lyon.locator("ol.verdict-list > li")
    expect(verdicts).to_have_count(Instrument.objects.filter(is_active=True).count())
    # Ranked: the eligible instruments first, then those to check, then those ruled out.
    badges = verdicts.locator("h2 .verdict-badge").evaluate_all("els => els.map(e => e.className)")
    order = [RANK[re.search(r"verdict-(eligible|unknown|not_eligible)", c).group(1)] for c in badges]
    assert order == sorted(order) and len(set(order)) > 1, badges
    item = verdicts.filter(has=lyon.get_by_role("link", name=dctciv_fr, exact=True))
    expect(item).to_have_count(1)
    # Not eligible yet: the signed convention, required by the call, is not among the project's documents.
    expect(item.locator("h2 .verdict-badge")).to_have_text("non éligible")
    expect(item).to_contain_text(f"Ce qui l’exclut{NBSP}:")
    expect(item.locator("li.check-fail").first).to_contain_text(
        f"Un document «{NBSP}convention de partenariat{NBSP}» est requis"
    )
    item.get_by_text("Toutes les règles").click()
    band = item.locator("li.check").filter(has_text="tranche de taux")
    expect(band).to_contain_text(f"Serbie — autres pays éligibles à l’aide{NBSP}: tranche de taux 50{NBSP}%.")
    expect(band.locator(".check-badge")).to_have_text("respectée")
    axe(lyon)

    # 2. Lyon writes version 1 of the plan: costs in EUR and in RSD, a DCTCIV grant of 50 %, Lyon's cash.
    lyon.goto(plan_fr)
    expect(lyon.get_by_text("Le plan de financement n’est pas encore rédigé.")).to_be_visible()
    lyon.get_by_role("button", name="Rédiger le plan de financement").click()
    expect(lyon.get_by_role("heading", level=1)).to_have_text("Modifier le plan de financement")
    cost = lyon.get_by_role("group", name="Dépense 1")
    field(cost, "Dépense").fill("Ingénieurs de la Métropole")
    field(cost, "Catégorie").select_option(label="Personnel")
    field(cost, "Partenaire").select_option(label="Lyon")
    field(cost, "Montant").fill("60 000")
    cost = lyon.get_by_role("group", name="Dépense 2")
    field(cost, "Dépense").fill("Мерачи протока")
    field(cost, "Catégorie").select_option(label="Équipement")
    field(cost, "Partenaire").select_option(label="Ниш (Niš)")
    field(cost, "Montant").fill("4 688 000,00")
    field(cost, "Devise").fill("RSD")
    source = lyon.get_by_role("group", name="Ressource 1")
    field(source, "Type").select_option(label="Subvention d’un instrument")
    field(source, "Instrument de financement").select_option(label=dctciv_fr)
    field(source, "Partenaire (qui l’apporte ou le reçoit)").select_option(label="Lyon")
    field(source, "ou part du coût total (%)").fill("50")
    source = lyon.get_by_role("group", name="Ressource 2")
    field(source, "Type").select_option(label="Apport financier propre")
    field(source, "Partenaire (qui l’apporte ou le reçoit)").select_option(label="Lyon")
    field(source, "Montant").fill("40000")
    axe(lyon)  # the plan edit page, filled in
    lyon.get_by_role("button", name="Enregistrer comme nouvelle version").click()
    expect(
        lyon.get_by_text(
            f"La version 1 du plan de financement a été enregistrée comme brouillon{NBSP}: "
            "elle comporte des problèmes."
        )
    ).to_be_visible()
    problems = lyon.get_by_test_id("plan-problems")
    expect(problems).to_contain_text(amount("ressources 90 000,00 EUR, dépenses 100 000,00 EUR"))

    # Too early: the gate into implementation names the funding plan.
    lyon.goto(project_fr)
    lyon.get_by_role("button", name=f"Passer en «{NBSP}Mise en œuvre{NBSP}»").click()
    confirm(lyon)
    refused = lyon.get_by_role("alert").filter(has_text="Le projet ne peut pas encore passer en")
    expect(refused).to_contain_text(f"Le plan de financement n’est pas équilibré{NBSP}:")
    expect(refused).to_contain_text("La convention de partenariat")

    # Version 2: Niš's in-kind contribution, in RSD with its valuation, balances the plan.
    lyon.goto(plan_fr)
    lyon.get_by_role("button", name="Modifier le plan de financement").click()
    source = lyon.get_by_role("group", name="Ressource 3")
    field(source, "Type").select_option(label="Contribution en nature")
    field(source, "Partenaire (qui l’apporte ou le reçoit)").select_option(label="Ниш (Niš)")
    field(source, "Montant").fill("1 172 000")
    field(source, "Devise").fill("RSD")
    field(source, "Mode de valorisation de la contribution en nature").fill(
        "Просторије и рад техничара: 80 дана по 14 650 RSD"
    )
    lyon.get_by_role("button", name="Enregistrer comme nouvelle version").click()
    expect(lyon.get_by_text("La version 2 du plan de financement a été enregistrée.")).to_be_visible()
    expect(lyon.get_by_test_id("plan-problems")).to_have_count(0)
    expect(lyon.get_by_test_id("plan-balanced")).to_be_visible()
    expect(lyon.get_by_test_id("total-costs")).to_have_text(amount("100 000,00 EUR"))
    expect(lyon.get_by_test_id("total-sources")).to_have_text(amount("100 000,00 EUR"))
    expect(lyon.get_by_test_id("rate-RSD")).to_contain_text(re.compile(r"1 EUR = 117,2\d* RSD"))
    costs = lyon.get_by_role("region", name="Dépenses")
    expect(costs.get_by_role("row", name=re.compile("Мерачи протока"))).to_contain_text(
        amount("40 000,00 EUR")
    )
    axe(lyon)  # the plan page, balanced

    # 3. The elected officials approve version 2: Lyon's in French, Niš's in Serbian.
    lyon_approver.goto(plan_fr)
    lyon_approver.get_by_role("button", name="Valider la version 2 pour Lyon").click()
    confirm(lyon_approver)
    expect(lyon_approver.get_by_text("Le plan de financement a été validé.")).to_be_visible()
    expect(lyon_approver.get_by_test_id(f"plan-approval-{world.lyon.pk}")).to_contain_text("validé par")
    nis_approver.goto(f"/sr/funding/projects/{project.pk}/plan/")
    nis_approver.get_by_role("button", name="Одобрите верзију 2 у име организације Ниш").click()
    confirm(nis_approver)
    expect(nis_approver.get_by_text("Финансијски план је одобрен.")).to_be_visible()
    expect(nis_approver.get_by_test_id(f"plan-approval-{world.nis.pk}")).to_contain_text("одобрио/ла")

    # 4. Lyon uploads the convention signed by both partners and moves the project to implementation.
    convention = tmp_path / "convention-lyon-nis.pdf"
    convention.write_bytes(PDF)
    lyon.goto(project_fr)
    documents = lyon.get_by_role("region", name="Documents")
    documents.get_by_text("Déposer un document", exact=True).click()
    field(documents, "Type de document").select_option(label="Convention de partenariat")
    # Three inputs of the project page have the id "id_title" (mission, activity, document forms), so the
    # label "Titre" of the document form points at the mission's: the field is found by its name instead.
    documents.locator("input[name=title]").fill("Convention de partenariat Lyon–Niš")
    field(documents, "Fichier").set_input_files(convention)
    field(documents, "Signé par Lyon le").fill("2027-01-20")
    field(documents, "Signé par Ниш (Niš) le").fill("2027-01-25")
    documents.get_by_role("button", name="Déposer", exact=True).click()
    expect(lyon.get_by_text("Le document a été déposé.")).to_be_visible()
    lyon.get_by_role("button", name=f"Passer en «{NBSP}Mise en œuvre{NBSP}»").click()
    confirm(lyon)
    expect(lyon.get_by_text(f"Le projet est passé à la phase{NBSP}: Mise en œuvre.")).to_be_visible()
    phase = lyon.get_by_role("region", name="Phase", exact=True)
    expect(phase.locator("[aria-current=step]")).to_contain_text("Mise en œuvre")
    assert Project.objects.get(pk=project.pk).phase == "implementation"
