"""The procedure board of a Lyon–Niš project, in the browser: each partner's steps with their sources, and the
documents written from the project.

Set up with services: the programme of actions and a balanced funding plan (Lyon brings 30 000 EUR in cash
and 10 000 EUR in kind, Niš 1 172 000 RSD). Then on the pages: the board shows Lyon's French steps (the
council deliberation, with its source) and Niš's Serbian ones (the assembly decision); Lyon's officer, in
French, writes the bilingual convention (French / Serbian Cyrillic) and Lyon's draft council decision; Niš's
officer, in Serbian, writes Niš's draft assembly decision. Each file is downloaded through the board's link
and read: it names both authorities, the project's title and each side's amounts. Then the board at a
phone's width.
"""

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from mostovi.funding.tests.test_plan_world import make_dctciv, rsd_rate, save_balanced
from mostovi.projects import services as project_services
from mostovi.projects.tests.factories import actions_for, make_project, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Gestion de l'eau à Niš"
COUNCIL_DELIBERATION_SOURCE = (
    "https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070633/articles/LEGIARTI000006389895"
)


def board_project():
    world = make_world()
    project = make_project(world)
    project_services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    rsd_rate()
    save_balanced(world, project, make_dctciv())
    return world, project


def download_text(page, filename: str) -> tuple[str, str]:
    """Download the generated file through its link on the board; its name and text (paragraphs, cells)."""
    link = page.get_by_test_id("generated").get_by_role("link", name=re.compile(re.escape(f"({filename})")))
    with page.expect_download() as info:
        link.click()
    download = info.value
    document = docx.Document(io.BytesIO(download.path().read_bytes()))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return download.suggested_filename, "\n".join(parts)


def generate(page, *, kind: str, languages=(), council: str | None = None, button: str):
    form = page.locator("#documents form")
    form.get_by_label(re.compile(r"^Document|^Документ")).select_option(label=kind)
    for language in languages:
        form.get_by_label(language, exact=True).check()
    if council is not None:
        form.locator("select[name=authority_id]").select_option(label=council)
    form.get_by_role("button", name=button).click()


def test_the_board_shows_each_sides_steps_and_writes_the_convention_and_the_council_decisions(
    new_page, sign_in, axe
):
    world, project = board_project()
    lyon = new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR", accept_downloads=True)
    sign_in(lyon, world.officer_lyon)

    # 1. From the project's page to its procedure board: one column per partner, with real steps.
    lyon.goto(f"/fr/projects/{project.pk}/")
    lyon.get_by_test_id("procedure-link").click()
    expect(lyon).to_have_url(re.compile(rf"/fr/procedures/projects/{project.pk}/$"))
    expect(lyon.get_by_role("heading", level=1)).to_have_text("Procédure")
    columns = lyon.get_by_test_id("procedure-column")
    expect(columns).to_have_count(2)
    lyon_column = columns.filter(has=lyon.get_by_role("heading", level=2, name=re.compile(r"^Lyon")))
    nis_column = columns.filter(has=lyon.get_by_role("heading", level=2, name=re.compile(r"Ниш")))
    deliberation = lyon_column.get_by_test_id("procedure-step").filter(
        has_text="Délibération du conseil approuvant la convention et autorisant sa signature"
    )
    expect(deliberation).to_have_count(1)
    expect(deliberation).to_contain_text("CGCT L2121-29")
    expect(deliberation.get_by_test_id("source")).to_have_attribute("href", COUNCIL_DELIBERATION_SOURCE)
    expect(deliberation.get_by_test_id("source")).to_have_text("Source")
    assembly = nis_column.get_by_test_id("procedure-step").filter(
        has_text="Décision de l'assemblée établissant la coopération"
    )
    expect(assembly).to_have_count(1)
    expect(assembly.get_by_test_id("source")).to_have_attribute(
        "href", re.compile(r"^http://mduls\.gov\.rs/")
    )
    # The note on Serbia's levels of local government is in French too, not in English.
    expect(nis_column).to_contain_text("La même procédure s'applique à une ville")
    expect(nis_column).not_to_contain_text("The same procedure applies")
    # Lyon updates its own steps only.
    expect(lyon_column.get_by_text("Mettre à jour cette étape").first).to_be_visible()
    expect(nis_column.get_by_text("Mettre à jour cette étape")).to_have_count(0)
    axe(lyon)

    # 2. Lyon writes the bilingual convention, French and Serbian Cyrillic, then its council's draft decision.
    generate(
        lyon,
        kind="Convention de partenariat",
        languages=["Français", "Српски"],
        button="Rédiger le document",
    )
    expect(lyon).to_have_url(re.compile(r"#documents$"))
    generated = lyon.get_by_test_id("generated")
    expect(generated.get_by_role("listitem")).to_have_count(1)
    name, text = download_text(lyon, "convention-fr-sr.docx")
    assert name == "convention-fr-sr.docx"
    assert "Convention de partenariat" in text and "Споразум о партнерству" in text
    assert "Lyon" in text and "Niš" in text and "Ниш" in text  # Niš in Cyrillic in the Serbian column
    assert TITLE in text
    # Each side's own contributions, in each column's number format (40 000,00 / 40.000,00).
    assert re.search(r"40[\s.]000,00\sEUR", text) and re.search(r"1[\s.]172[\s.]000,00\sRSD", text)

    generate(lyon, kind="Projet de délibération", council="Lyon", button="Rédiger le document")
    expect(generated.get_by_role("listitem")).to_have_count(2)
    name, text = download_text(lyon, "council_decision-fr.docx")
    assert "Projet de délibération du conseil — Lyon" in text
    assert f"approbation de la convention de partenariat « {TITLE} »" in text
    assert "convention de partenariat avec Niš" in text or "convention de partenariat avec Ниш" in text
    assert re.search(r"40[\s.]000,00\sEUR", text) and "L2121-29" in text

    # 3. Niš's officer, in Serbian, writes Niš's draft assembly decision on the same board.
    nis = new_page(viewport={"width": 1280, "height": 900}, locale="sr-RS", accept_downloads=True)
    sign_in(nis, world.officer_nis)
    nis.goto(f"/sr/procedures/projects/{project.pk}/")
    expect(nis.get_by_role("heading", level=1)).to_have_text("Процедура")
    generate(nis, kind="Нацрт одлуке скупштине", council="Ниш", button="Напишите документ")
    generated = nis.get_by_test_id("generated")
    expect(generated.get_by_role("listitem")).to_have_count(3)
    name, text = download_text(nis, "council_decision-sr.docx")
    assert "Нацрт одлуке скупштине — Ниш" in text
    assert f"Одлука о успостављању сарадње: „{TITLE}“" in text
    assert "Ниш, Република Србија" in text and "Француска Република" in text
    assert re.search(r"1[\s.]172[\s.]000,00\sRSD", text) and "сагласности Владе" in text

    # 4. The board at a phone's width: nothing wider than the screen.
    phone = new_page(viewport={"width": 390, "height": 844}, locale="fr-FR")
    sign_in(phone, world.officer_lyon)
    phone.goto(f"/fr/procedures/projects/{project.pk}/")
    expect(phone.get_by_test_id("procedure-column")).to_have_count(2)
    widths = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    axe(phone)
