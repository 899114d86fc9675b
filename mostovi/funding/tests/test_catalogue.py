"""The catalogue file and its loader: complete, sourced, dated, all or nothing, idempotent, history kept."""

import copy
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from mostovi.core.models import Event
from mostovi.funding.catalogue.params import validate_params
from mostovi.funding.catalogue_import import CatalogueError, import_catalogue, read, validate
from mostovi.funding.models import Call, Instrument, Rule

COLLECTED = date(2026, 11, 1)
RECHECKED = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


EXPECTED = {
    "meae-dctciv-aap-generaliste",
    "meae-dctciv-thematic-bilateral",
    "meae-cles-en-main",
    "afd-ficol",
    "meae-fspi",
    "one-percent-water-oudin-santini",
    "ipa-iii",
    "interreg-ipa-bulgaria-serbia",
    "interreg-ipa-bulgaria-north-macedonia",
    "cerv-town-twinning",
    "cerv-networks-of-towns",
    "erasmus-plus",
    "western-balkans-fund",
    "coe-centre-of-expertise",
    "undp-reload2",
    "undp-north-macedonia-municipal-governance",
    "swiss-pro",
    "icld-municipal-partnership",
    "giz-open-regional-fund-municipal-services",
}


def test_the_file_is_valid_and_complete():
    data = read()
    entries = validate(data)
    assert {e["slug"] for e in entries} >= EXPECTED
    assert len(entries) >= 15
    for entry in entries:
        for rule in entry["rules"]:
            assert rule["source"].startswith("https://"), entry["slug"]
            assert rule["checked_on"] in (COLLECTED, RECHECKED)
            assert not validate_params(rule["kind"], rule["params"])
        for call in entry["calls"]:
            assert call["source"].startswith("https://") and call["checked_on"] in (COLLECTED, RECHECKED)


def _rules(data, slug):
    return next(i for i in data["instruments"] if i["slug"] == slug)["rules"]


def test_unverified_facts_are_marked():
    data = read()
    ficol = {r["kind"]: r["verified"] for r in _rules(data, "afd-ficol")}
    assert ficol["amount_range"] is False
    # AFD's mandate was extended to the six Western Balkan countries in 2018 (AFD's own page).
    ficol_partner = next(r for r in _rules(data, "afd-ficol") if r["kind"] == "partner_country_in")
    assert ficol_partner["verified"] is True and ficol_partner["source"].startswith("https://www.afd.fr/")
    assert set(ficol_partner["params"]["countries"]) == {"AL", "BA", "ME", "MK", "RS", "XK"}
    assert {r["kind"]: r["verified"] for r in _rules(data, "meae-cles-en-main")}[
        "rate_band_by_country"
    ] is False
    assert all(not r["verified"] for r in _rules(data, "cerv-town-twinning") if "country" in r["kind"])
    # Erasmus+ and Networks of Towns have rules like the others; their country lists are unverified.
    for slug in ("cerv-networks-of-towns", "erasmus-plus"):
        assert _rules(data, slug)
        assert all(not r["verified"] for r in _rules(data, slug) if r["kind"] == "lead_country_in")
    # Town Twinning: the duration limit applies to the event, not to the project.
    assert "duration_max" not in {r["kind"] for r in _rules(data, "cerv-town-twinning")}
    # DCTCIV: groupings of French authorities (EPCI) lead too; the e-APD rule reads the recorded filing.
    dctciv = {r["kind"]: r for r in _rules(data, "meae-dctciv-aap-generaliste")}
    assert "grouping" in dctciv["lead_kind_in"]["params"]["levels"]
    assert any(r["params"].get("fact") == "eapd_filed" for r in _rules(data, "meae-dctciv-aap-generaliste"))
    cerv = {r["kind"]: r for r in _rules(data, "cerv-town-twinning")}
    assert cerv["lump_sum_range"]["params"] == {"min": "8455", "max": "50745", "currency": "EUR"}
    assert cerv["lump_sum_range"]["verified"] is True


@pytest.mark.django_db
def test_import_then_nothing_changes_on_the_second_run():
    out = StringIO()
    call_command("import_funding_catalogue", stdout=out)
    total = len(read()["instruments"])
    assert f"{total} created" in out.getvalue()
    counts = (
        Instrument.history.count(),
        Rule.history.count(),
        Call.history.count(),
        Event.objects.count(),
    )
    out = StringIO()
    call_command("import_funding_catalogue", stdout=out)
    assert f"0 created, 0 updated, {total} unchanged" in out.getvalue()
    assert counts == (
        Instrument.history.count(),
        Rule.history.count(),
        Call.history.count(),
        Event.objects.count(),
    )

    dctciv = Instrument.objects.get(slug="meae-dctciv-aap-generaliste")
    call = dctciv.calls.get(title="General call for projects 2025")
    assert (call.opens_on, call.closes_on) == (date(2025, 3, 1), date(2025, 5, 30))
    assert dctciv.calls.get(title__contains="2026 round").verified is False
    assert Call.objects.get(title="CERV Town Twinning 2024").closes_on == date(2024, 9, 19)
    tt = Call.objects.get(title__startswith="CERV Town Twinning 2026")
    assert (tt.closes_on, tt.verified) == (date(2026, 9, 23), False)
    nt = Call.objects.get(instrument__slug="cerv-networks-of-towns")
    assert (nt.opens_on, nt.closes_on) == (date(2025, 12, 17), date(2026, 4, 16))
    ficol = Call.objects.get(instrument__slug="afd-ficol")
    assert (ficol.opens_on, ficol.closes_on) == (date(2024, 1, 4), date(2024, 9, 13))
    assert dctciv.checked_on == COLLECTED
    assert sorted(t.slug for t in Instrument.objects.get(slug="western-balkans-fund").themes.all())


@pytest.mark.django_db
def test_a_changed_rule_is_updated_with_history():
    data = read()
    import_catalogue(data)
    changed = copy.deepcopy(data)
    _rules(changed, "western-balkans-fund")[2]["params"] = {"percent": "70"}
    before = Rule.history.count()
    summary = import_catalogue(changed)
    assert summary["updated"] == 1
    rule = Rule.objects.get(instrument__slug="western-balkans-fund", position=2)
    assert rule.params == {"percent": "70"}
    assert Rule.history.count() == before + 1
    assert (
        Event.objects.filter(kind="funding.instrument_imported", data__slug="western-balkans-fund").count()
        == 2
    )


@pytest.mark.django_db
def test_all_or_nothing():
    data = copy.deepcopy(read())
    _rules(data, "giz-open-regional-fund-municipal-services")[0]["params"] = {"countries": "FR"}
    data["instruments"][0]["rules"][0]["kind"] = "free_lunch"
    data["instruments"][1]["rules"][0]["source"] = ""
    with pytest.raises(CatalogueError) as error:
        import_catalogue(data)
    assert len(error.value.errors) == 3
    assert any("free_lunch" in e for e in error.value.errors)
    assert Instrument.objects.count() == 0 and Rule.objects.count() == 0


@pytest.mark.django_db
def test_the_command_refuses_an_invalid_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_funding_catalogue", file=str(bad))
    assert Instrument.objects.count() == 0
