"""The procedure board page: both columns with their sources; each partner's forms on its own column only."""

import html as html_lib
from datetime import date

import pytest

from mostovi.core.i18n import to_latin
from mostovi.procedures import catalogue, services
from mostovi.procedures.models import ProcedureStep
from mostovi.projects.tests.factories import make_project, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def _login(client, user):
    client.force_login(user)


def test_the_board_shows_both_columns_with_their_steps_sources_and_forms_for_ones_own_side(client, world):
    project = make_project(world)
    _login(client, world.officer_lyon)
    html = client.get(f"/en/procedures/projects/{project.pk}/").content.decode()
    assert html.count('data-testid="procedure-column"') == 2
    assert "Transmission of the convention to the prefect (legality control)" in html
    assert "LEGIARTI000006389099" in html and "mduls.gov.rs" in html
    assert "To be confirmed with the national association" in html
    assert f'action="/en/procedures/projects/{project.pk}/steps/fr.council_deliberation/"' in html
    assert f'action="/en/procedures/projects/{project.pk}/steps/rs.assembly_decision/"' not in html
    # The tooltip names the other side's body in its own words, explained in the reader's language.
    assert '<abbr title="The assembly of a Serbian city or municipality; it adopts' in html
    assert "скупштина града / општине</abbr>" in html
    assert 'data-testid="glossary"' in html


def test_the_other_side_reads_the_steps_in_its_own_language(client, world):
    project = make_project(world)
    _login(client, world.officer_nis)
    html = client.get(f"/sr/procedures/projects/{project.pk}/").content.decode()
    assert "Достављање споразума префекту (контрола законитости)" in html
    # The French side's note on its levels, in Serbian too: no English sentence on a Serbian page.
    assert "Општинско веће (conseil municipal), веће департмана или региона" in html
    assert "A commune's council" not in html
    # A step with no typical duration says none (not "about 0 days").
    assert "око 0 дана" not in html


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        (
            "mk",
            [
                "Доставување на договорот до префектот (контрола на законитоста)",
                "Согласност од Владата на Република Србија, побарана преку министерството",
            ],
        ),
        (
            "sq",
            [
                "Përcjellja e konventës te prefekti (kontrolli i ligjshmërisë)",
                "Pëlqimi i Qeverisë së Republikës së Serbisë, i kërkuar nëpërmjet ministrisë",
            ],
        ),
    ],
)
def test_a_macedonian_or_albanian_reader_reads_the_board_of_a_french_serbian_project_in_its_language(
    client, world, language, titles
):
    project = make_project(world)
    _login(client, world.officer_lyon)
    page = html_lib.unescape(client.get(f"/{language}/procedures/projects/{project.pk}/").content.decode())
    for title in titles:
        assert title in page
    # No English sentence of the catalogue remains: steps, reasons, notes on levels, glossary definitions.
    countries = [catalogue.load()[code] for code in ("FR", "RS")]
    texts = [country.levels_notes for country in countries]
    texts += [
        mapping for country in countries for step in country.steps for mapping in (step.titles, step.whys)
    ]
    texts += [term.definitions for term in catalogue.glossary() if term.country in ("FR", "RS")]
    for mapping in texts:
        assert mapping["en"] not in page
        assert mapping[language] in page
    # Each column names its country in the reader's language, not by its code.
    assert {"mk": "(Франција)", "sq": "(Franca)"}[language] in page


def test_a_serbian_latin_reader_reads_the_steps_transliterated_from_the_cyrillic(client, world):
    project = make_project(world)
    _login(client, world.officer_nis)
    page = html_lib.unescape(client.get(f"/sr-latn/procedures/projects/{project.pk}/").content.decode())
    step = catalogue.step_get("rs.government_consent")
    assert to_latin(step.titles["sr"]) in page
    assert "Saglasnost Vlade Republike Srbije" in page
    assert step.titles["sr"] not in page


def test_a_partners_reason_is_marked_as_its_own_words_and_read_in_the_readers_serbian_script(client, world):
    project = make_project(world)
    services.procedure_step_update(
        actor=world.officer_nis,
        project=project,
        step_id="rs.budget_provision",
        status="not_applicable",
        reason="Средства су већ у буџету",
        authority_id=world.nis.pk,
    )
    _login(client, world.officer_lyon)
    page = client.get(f"/sr-latn/procedures/projects/{project.pk}/").content.decode()
    assert "<span data-partner-text>Sredstva su već u budžetu</span>" in page


def test_a_partner_records_its_step_from_the_page(client, world):
    project = make_project(world)
    _login(client, world.officer_lyon)
    prefix = f"{world.lyon.pk}-fr.council_deliberation"
    response = client.post(
        f"/en/procedures/projects/{project.pk}/steps/fr.council_deliberation/",
        {
            "authority": world.lyon.pk,
            f"{prefix}-status": "done",
            f"{prefix}-done_on": "2026-01-05",
            f"{prefix}-authority_id": world.lyon.pk,
        },
    )
    assert response.status_code == 302
    assert ProcedureStep.objects.get().done_on == date(2026, 1, 5)


def test_posting_for_the_other_side_is_refused_with_a_403(client, world):
    project = make_project(world)
    _login(client, world.officer_lyon)
    prefix = f"{world.nis.pk}-rs.assembly_decision"
    response = client.post(
        f"/en/procedures/projects/{project.pk}/steps/rs.assembly_decision/",
        {
            "authority": world.nis.pk,
            f"{prefix}-status": "done",
            f"{prefix}-done_on": "2026-01-05",
            f"{prefix}-authority_id": world.nis.pk,
        },
    )
    assert response.status_code == 403
    assert not ProcedureStep.objects.exists()


def test_a_refused_input_shows_the_reason_and_writes_nothing(client, world):
    project = make_project(world)
    _login(client, world.officer_lyon)
    prefix = f"{world.lyon.pk}-fr.council_deliberation"
    response = client.post(
        f"/en/procedures/projects/{project.pk}/steps/fr.council_deliberation/",
        {"authority": world.lyon.pk, f"{prefix}-status": "done", f"{prefix}-authority_id": world.lyon.pk},
    )
    assert response.status_code == 422
    assert "Give the date the step was done." in response.content.decode()
    assert not ProcedureStep.objects.exists()


def test_a_hidden_project_is_404(client, world):
    project = make_project(world)
    _login(client, world.outsider)
    assert client.get(f"/en/procedures/projects/{project.pk}/").status_code == 404


def test_the_project_page_links_to_its_procedure(client, world):
    project = make_project(world)
    _login(client, world.officer_lyon)
    html = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert f'href="/en/procedures/projects/{project.pk}/" data-testid="procedure-link"' in html


def test_a_partner_writes_the_convention_from_the_board_and_finds_it_listed(client, world):
    project = make_project(world)
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/procedures/projects/{project.pk}/documents/",
        {"kind": "convention", "languages": ["fr", "sr"], "format": "docx"},
    )
    assert response.status_code == 302
    html = client.get(f"/en/procedures/projects/{project.pk}/").content.decode()
    assert "convention-fr-sr.docx" in html


def test_an_amendment_before_signature_shows_why_on_the_board(client, world):
    project = make_project(world)
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/procedures/projects/{project.pk}/documents/", {"kind": "amendment", "format": "docx"}
    )
    assert response.status_code == 409
    assert "An amendment follows a convention signed by every partner" in response.content.decode()


def test_an_observer_sees_no_writing_form(client, world):
    from mostovi.accounts.models import Role
    from mostovi.accounts.tests.factories import MembershipFactory

    observer = MembershipFactory(organisation=world.lyon, role=Role.OBSERVER).user
    project = make_project(world)
    client.force_login(observer)
    html = client.get(f"/en/procedures/projects/{project.pk}/").content.decode()
    assert "Write the document" not in html
    response = client.post(
        f"/en/procedures/projects/{project.pk}/documents/", {"kind": "convention", "format": "docx"}
    )
    assert response.status_code == 403
    assert not project.documents.exists()


def test_approving_the_convention_from_the_board(client, world):
    from mostovi.procedures import services

    project = make_project(world)
    services.document_generate(actor=world.officer_lyon, project=project, kind="convention")
    client.force_login(world.elected_nis)
    html = client.get(f"/en/procedures/projects/{project.pk}/").content.decode()
    assert "Approve version 1 for" in html
    response = client.post(
        f"/en/procedures/projects/{project.pk}/convention/approve/", {"version": 1, "authority": world.nis.pk}
    )
    assert response.status_code == 302
    stale = client.post(
        f"/en/procedures/projects/{project.pk}/convention/approve/", {"version": 0, "authority": world.nis.pk}
    )
    assert stale.status_code == 409
