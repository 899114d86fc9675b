"""The procedures are data: every step has a source and the date it was checked, or says it is unverified."""

import datetime

import pytest

from mostovi.directory.models import Country
from mostovi.procedures import catalogue
from mostovi.procedures.catalogue import CatalogueError, parse

GOOD = """
country: FR
steps:
  - id: x.one
    stage: enter
    phase: implementation
    mandatory: true
    decided_by: council
    document: deliberation
    typical_days: 10
    title: {en: One}
    why: {en: Because}
"""


def test_every_country_of_the_directory_has_its_procedure():
    assert set(catalogue.load()) == set(Country.values)


def test_every_step_of_the_data_has_a_source_and_a_check_date_or_is_marked_unverified():
    for country in catalogue.load().values():
        for step in country.steps:
            if step.unverified:
                assert step.source == "" and step.checked_on is None, step.id
            else:
                assert step.source.startswith(("http://", "https://")), step.id
                assert isinstance(step.checked_on, datetime.date), step.id


def test_a_step_without_source_nor_unverified_is_refused():
    with pytest.raises(CatalogueError, match=r"x.one\): a step needs a source address, or unverified: true"):
        parse(GOOD, name="FR.yaml")


def test_a_sourced_step_without_its_check_date_is_refused():
    text = GOOD + "    source: https://example.org/law\n"
    with pytest.raises(CatalogueError, match="needs checked_on"):
        parse(text, name="FR.yaml")


def test_a_sourced_step_with_its_date_and_an_unverified_step_are_accepted():
    sourced = parse(
        GOOD + "    source: https://example.org/law\n    checked_on: 2026-12-07\n", name="FR.yaml"
    )
    assert sourced.steps[0].checked_on == datetime.date(2026, 12, 7)
    assert sourced.steps[0].blocks_gate
    unverified = parse(GOOD + "    unverified: true\n", name="FR.yaml")
    assert unverified.steps[0].unverified and not unverified.steps[0].blocks_gate


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("stage: enter", "stage must be one of"),
        ("decided_by: council", "decided_by must be one of"),
        ("phase: implementation", "phase must be one of"),
        ("typical_days: 10", "typical_days must be"),
    ],
)
def test_a_wrong_value_is_refused_with_the_step_named(line, message):
    key = line.split(":")[0]
    text = GOOD.replace(line, f"{key}: nonsense") + "    unverified: true\n"
    with pytest.raises(CatalogueError, match=message):
        parse(text, name="FR.yaml")


def test_the_law_of_each_side_of_lyon_nis_is_there_with_its_sources():
    fr = {s.id: s for s in catalogue.steps_of("FR")}
    rs = {s.id: s for s in catalogue.steps_of("RS")}
    bg = {s.id: s for s in catalogue.steps_of("BG")}
    assert fr["fr.prefect_transmission"].blocks_gate
    assert "LEGIARTI000006389099" in fr["fr.prefect_transmission"].source  # CGCT L1115-1
    assert "LEGIARTI000006389107" in fr["fr.no_foreign_state"].source  # CGCT L1115-5
    assert fr["fr.council_deliberation"].blocks_gate
    assert [s.id for s in rs.values() if s.blocks_gate] == ["rs.assembly_decision", "rs.government_consent"]
    assert "mduls.gov.rs" in rs["rs.government_consent"].source
    assert bg["bg.council_approval"].blocks_gate and bg["bg.council_approval"].decided_by == "council"


def test_a_step_reads_in_the_readers_language_serbian_latin_from_the_cyrillic_and_english_otherwise():
    step = catalogue.step_get("rs.government_consent")
    assert step.title("sr").startswith("Сагласност Владе")
    assert step.title("sr-latn").startswith("Saglasnost Vlade")
    assert step.title("fr").startswith("Consentement du Gouvernement")
    assert catalogue.step_get("mk.council_decision").title("fr").startswith("Décision du conseil municipal")
    # A text the file holds in English only reads in English.
    only_english = parse(GOOD + "    unverified: true\n", name="FR.yaml").steps[0]
    assert only_english.title("mk") == "One" and only_english.why("sr-latn") == "Because"


def test_every_glossary_term_has_a_source_and_date_or_is_marked_unverified():
    terms = catalogue.glossary()
    assert {"fr.conseil_municipal", "fr.prefet", "fr.epci", "rs.skupstina", "bg.obshtinski_savet"} <= {
        t.id for t in terms
    }
    for term in terms:
        assert term.unverified or (term.source.startswith("http") and term.checked_on), term.id


def test_a_glossary_term_without_source_is_refused():
    text = "terms:\n  - id: x\n    term: maire\n    definition: {en: The mayor}\n"
    with pytest.raises(CatalogueError, match=r"x\): a source address and checked_on, or unverified: true"):
        catalogue.parse_glossary(text, name="terms.yaml")


def test_the_boards_tooltip_names_the_local_body():
    assert catalogue.term_for("RS", "assembly").term == "скупштина града / општине"
    assert catalogue.term_for("FR", "council").definition("fr").startswith("L'assemblée élue de la commune")
    assert catalogue.term_for("MK", "council") is None
