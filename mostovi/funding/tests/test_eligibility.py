"""Verdicts and the ranking of the whole catalogue for a project."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mostovi.directory.models import Level
from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.funding.catalogue import selectors
from mostovi.funding.catalogue.eligibility import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    VERDICT_UNKNOWN,
    evaluate,
    project_eligibility,
    project_facts,
)
from mostovi.funding.catalogue_import import import_catalogue, read
from mostovi.funding.models import Instrument
from mostovi.projects import services
from mostovi.projects.models import Document, Project
from mostovi.projects.tests.factories import make_project, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def catalogue():
    import_catalogue(read())


@pytest.fixture
def world():
    return make_world()


def water_project(world, **fields) -> Project:
    project = make_project(world)
    Project.objects.filter(pk=project.pk).update(themes=["water-sanitation"], **fields)
    return project


def ranked(project_id: int):
    project = selectors.project_for_eligibility(project_id)
    return project_eligibility(project, selectors.instruments_for_eligibility())


def by_slug(verdicts):
    return {v.instrument.slug: v for v in verdicts}


def test_lyon_nis_against_the_catalogue(catalogue, world):
    project = water_project(world)
    verdicts = by_slug(ranked(project.pk))
    dctciv = verdicts["meae-dctciv-aap-generaliste"]
    band = next(c for c in dctciv.checks if c.rule == "rate_band_by_country")
    assert band.result == "pass" and band.reason == "Serbia — other aid-eligible countries: rate band 50 %."
    # Without a signed convention (a verified rule) the project cannot apply yet.
    assert dctciv.verdict == NOT_ELIGIBLE
    assert [c.reason for c in dctciv.failures] == [
        "A partnership convention is required; the project holds none yet."
    ]
    # The council decision rule is unverified (the source accepts letters of intent): an open point.
    council = next(c for c in dctciv.open_points if c.rule == "required_document")
    assert council.reason == "A council decision is required; the project holds none yet."
    assert council.result == "fail" and not council.verified
    # Lyon cannot lead a Western Balkans Fund project.
    wbf = verdicts["western-balkans-fund"]
    assert wbf.verdict == NOT_ELIGIBLE
    assert {c.rule for c in wbf.failures} == {"lead_country_in", "min_partner_countries"}
    # Closed instruments are not ranked.
    assert "undp-reload2" not in verdicts and "swiss-pro" not in verdicts
    # Erasmus+ has rules like the others: a water project is not in its fields.
    erasmus = verdicts["erasmus-plus"]
    assert erasmus.verdict == NOT_ELIGIBLE
    assert [c.rule for c in erasmus.failures] == ["theme_in"]
    # AFD's mandate covers the Western Balkans since 2018 (a verified rule): Niš passes.
    ficol = verdicts["afd-ficol"]
    partner = next(c for c in ficol.checks if c.rule == "partner_country_in")
    assert partner.result == "pass" and partner.verified
    assert partner.source == "https://www.afd.fr/fr/actualites/lafd-prend-la-route-des-balkans"
    # CERV Town Twinning: the duration limit is the event's, not the project's (a 23-month project is fine).
    cerv = verdicts["cerv-town-twinning"]
    assert "duration_max" not in {c.rule for c in cerv.checks}
    # The Oudin-Santini 1 %: Lyon is a French commune and the project is about water.
    oudin = verdicts["one-percent-water-oudin-santini"]
    levy = next(c for c in oudin.checks if c.rule == "levy_base")
    assert levy.result == "pass"


def test_with_the_convention_the_dctciv_verdict_is_unknown(catalogue, world):
    project = water_project(world)
    Document.objects.create(
        project=project, category="A09", title="Convention", language="fr", uploaded_by=world.officer_lyon
    )
    dctciv = by_slug(ranked(project.pk))["meae-dctciv-aap-generaliste"]
    assert dctciv.verdict == VERDICT_UNKNOWN
    assert [c.reason for c in dctciv.open_points] == [
        "A council decision is required; the project holds none yet.",
        "No e-APD declaration of 2026 is recorded for: Lyon. Record the date it was filed on the authority's "
        "declaration page.",
        "The reports on earlier DCTCIV grants have been sent.",
    ]


def test_recording_the_eapd_filing_answers_the_dctciv_rule(catalogue, world):
    from mostovi.funding.catalogue.services import aid_declaration_record

    project = water_project(world)
    # An earlier campaign does not answer this year's.
    aid_declaration_record(
        actor=world.officer_lyon, authority=world.lyon, year=2025, filed_on=date(2025, 5, 20)
    )
    dctciv = by_slug(ranked(project.pk))["meae-dctciv-aap-generaliste"]
    eapd = next(c for c in dctciv.checks if c.rule == "precondition" and "e-APD" in c.reason)
    assert eapd.result == "unknown"
    assert eapd.reason.startswith("No e-APD declaration of 2026 is recorded for: Lyon (last recorded: 2025).")
    aid_declaration_record(
        actor=world.officer_lyon, authority=world.lyon, year=2026, filed_on=date(2026, 5, 12)
    )
    dctciv = by_slug(ranked(project.pk))["meae-dctciv-aap-generaliste"]
    eapd = next(c for c in dctciv.checks if c.rule == "precondition" and "e-APD" in c.reason)
    assert eapd.result == "pass"
    assert eapd.reason == "The e-APD declaration of 2026 is recorded as filed: Lyon."
    assert eapd not in dctciv.open_points


def test_dctciv_accepts_groupings_of_french_authorities(catalogue, world):
    grand_lyon = AuthorityFactory(name="Métropole de Lyon", country="FR", level=Level.GROUPING)
    project = services.project_create(
        actor=world.officer_nis, title="Voda", language="sr", partner_ids=[world.nis.pk]
    )
    from mostovi.projects.models import ProjectPartner

    ProjectPartner.objects.filter(project=project).update(is_lead=False)
    ProjectPartner.objects.create(project=project, authority=grand_lyon, is_lead=True)
    dctciv = by_slug(ranked(project.pk))["meae-dctciv-aap-generaliste"]
    kind = next(c for c in dctciv.checks if c.rule == "lead_kind_in")
    assert kind.result == "pass"
    assert (
        kind.reason
        == "The lead partner, Métropole de Lyon, is a Grouping of communes (EPCI, Métropole de Lyon)."
    )


def test_lyon_sofia_band_30(catalogue, world):
    project = make_project(world, partner_ids=[world.lyon.pk, world.sofia.pk])
    dctciv = by_slug(ranked(project.pk))["meae-dctciv-aap-generaliste"]
    band = next(c for c in dctciv.checks if c.rule == "rate_band_by_country")
    assert band.reason == "Bulgaria — not aid-eligible: rate band 30 %."


def test_wbf_three_contracting_parties(catalogue, world):
    skopje = AuthorityFactory(name="Скопје", name_latin="Skopje", country="MK", level=Level.CITY)
    tirana = AuthorityFactory(name="Tiranë", name_latin="Tirana", country="AL", level=Level.MUNICIPALITY)
    project = services.project_create(
        actor=world.officer_nis,
        title="Млади",
        language="sr",
        partner_ids=[world.nis.pk, skopje.pk, tirana.pk],
    )
    Project.objects.filter(pk=project.pk).update(
        planned_start=date(2027, 3, 1), planned_end=date(2027, 12, 31)
    )
    wbf = by_slug(ranked(project.pk))["western-balkans-fund"]
    assert wbf.verdict == ELIGIBLE, [c.reason for c in wbf.missing]
    # The plan-dependent rules are shown but wait for the plan.
    assert {c.rule for c in wbf.checks if c.awaits_plan} == {"max_rate", "amount_range"}


def test_ranking_order(catalogue, world):
    verdicts = ranked(water_project(world).pk)
    order = {ELIGIBLE: 0, VERDICT_UNKNOWN: 1, NOT_ELIGIBLE: 2}
    keys = [(order[v.verdict], len(v.open_points) if v.verdict == VERDICT_UNKNOWN else 0) for v in verdicts]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    unknowns = [len(v.open_points) for v in verdicts if v.verdict == VERDICT_UNKNOWN]
    assert unknowns == sorted(unknowns)
    fails = [len(v.failures) for v in verdicts if v.verdict == NOT_ELIGIBLE]
    assert fails == sorted(fails)
    assert len(verdicts) == Instrument.objects.filter(is_active=True).count()


def _instrument(name, *rules):
    return SimpleNamespace(pk=1, name=name, slug=name, rules=SimpleNamespace(all=lambda: list(rules)))


def _rule(kind, params, verified=True):
    return SimpleNamespace(
        pk=None,
        kind=kind,
        params=params,
        source="https://example.org",
        verified=verified,
        text="",
        checked_on=None,
    )


def test_verdict_definition(world):
    facts = project_facts(selectors.project_for_eligibility(make_project(world).pk))
    fr = _rule("lead_country_in", {"countries": ["FR"]})
    rs = _rule("lead_country_in", {"countries": ["RS"]})
    assert evaluate(_instrument("a", fr), facts).verdict == ELIGIBLE
    assert evaluate(_instrument("b", fr, rs), facts).verdict == NOT_ELIGIBLE
    # A failure on an unverified rule is not stated as a refusal.
    unverified_rs = _rule("lead_country_in", {"countries": ["RS"]}, verified=False)
    assert evaluate(_instrument("c", fr, unverified_rs), facts).verdict == VERDICT_UNKNOWN
    # A rule marked unverified never yields "pass": "unknown", with its reason, and it is counted.
    verdict = evaluate(_instrument("d", _rule("lead_country_in", {"countries": ["FR"]}, False)), facts)
    assert verdict.verdict == VERDICT_UNKNOWN
    assert verdict.unverified == 1
    [item] = verdict.checks
    assert item.result == "unknown"
    assert item.reason == (
        "The lead partner, Lyon, is in France. The rule is not verified, so this is not a pass."
    )
    # Plan-dependent rules do not weigh without a plan; no weighing rule at all is unknown.
    assert evaluate(_instrument("e", fr, _rule("max_rate", {"percent": "70"})), facts).verdict == ELIGIBLE
    assert evaluate(_instrument("f", _rule("max_rate", {"percent": "70"})), facts).verdict == VERDICT_UNKNOWN
    assert evaluate(_instrument("g"), facts).verdict == VERDICT_UNKNOWN


def test_deleted_documents_do_not_count(world):
    project = make_project(world)
    doc = Document.objects.create(
        project=project, category="A04", title="Délibération", language="fr", uploaded_by=world.officer_lyon
    )
    facts = project_facts(selectors.project_for_eligibility(project.pk))
    assert "A04" in facts.document_categories
    Document.objects.filter(pk=doc.pk).update(deleted_at="2026-11-20T10:00:00Z")
    facts = project_facts(selectors.project_for_eligibility(project.pk))
    assert "A04" not in facts.document_categories


def test_whole_catalogue_in_a_fixed_number_of_queries(catalogue, world):
    project_id = water_project(world).pk
    with CaptureQueriesContext(connection) as queries:
        ranked(project_id)
    # Project, partners with authorities, participants, documents; the French partners' e-APD filings;
    # instruments, rules.
    assert len(queries) == 7
