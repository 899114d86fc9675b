import csv

import pytest

from mostovi.core.models import Event
from mostovi.directory.importers.base import RowError
from mostovi.partnerships.importers import COLUMNS, import_partnerships, kind_of, pair_key
from mostovi.partnerships.models import Kind, Partnership, PartnershipMember, Status

SOURCE = "https://github.com/Hekman/twincities (commit 84ebdec); scraped from en.wikipedia.org (Feb 2026)"
NAMRB = "twinning/partnership (NAMRB register; type not exported)"


def _row(a_name, a_country, b_name, b_country, b_code="", kind="twinning", note="", a_code=""):
    return {
        "a_name": a_name, "a_country": a_country, "a_code": a_code, "b_name": b_name, "b_country": b_country,
        "b_code": b_code, "kind": kind, "since": "", "source": SOURCE, "licence": "CC BY-SA 4.0 (facts)",
        "b_wikidata": "", "sources_count": "1", "also_in": "", "note": note,
    }  # fmt: skip


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


ROWS = [
    _row(
        "Varna",
        "BG",
        "Lyon",
        "FR",
        b_code="69123",
        kind="twinning (Wikidata P190)",
        note="statement as of 2016 - verify on Wikidata",
    ),
    _row("Sofia", "BG", "Niš", "RS", kind=NAMRB),  # by alias, NAMRB kind
    _row("Sofia", "BG", "Zemun (Belgrade)", "RS"),  # city municipality of a named city
    _row("Varna", "BG", "Belgrade – Zemun", "RS"),  # the dashed form
    _row("Varna", "BG", "Palilula City Municipality", "RS"),  # two homonyms: never guessed
    _row("Varna", "BG", "Nišava District", "RS"),  # not in the directory
    _row("Sofia", "BG", "Saint-Nowhere", "FR", b_code="99999"),  # INSEE code unknown
    _row(
        "Sofia", "BG", "Zemun", "RS", note="CONFLICT: other source names 'X'; verify"
    ),  # same pair as line 4
]


def test_kind_mapping():
    assert kind_of(NAMRB) == Kind.UNSPECIFIED
    assert kind_of("twinning") == Kind.TWINNING
    assert kind_of("twinning (Wikidata P190)") == Kind.TWINNING
    assert kind_of("friendship") is None


def test_matches_counts_and_never_guesses(world, tmp_path):
    path = _write(tmp_path / "partnerships.csv", ROWS)
    result = import_partnerships(path, out=lambda line: None)
    assert result.rows == 8
    assert result.matched == 5
    assert len(result.unmatched) == 3
    reasons = {u.line: u.reason for u in result.unmatched}
    assert "RS:rzs:70203" in reasons[6] and "RS:rzs:71323" in reasons[6]
    assert "99999" in reasons[8]
    assert result.merged == 1 and result.created == 4
    lyon_varna = Partnership.objects.get(ref_key=pair_key([world["lyon"], world["varna"]]))
    assert lyon_varna.kind == Kind.TWINNING and lyon_varna.status == Status.UNKNOWN
    assert "verify" in lyon_varna.unverified
    assert lyon_varna.sources[0]["url"].startswith("https://github.com/Hekman/twincities")
    sofia_nis = Partnership.objects.get(ref_key=pair_key([world["sofia"], world["nis"]]))
    assert sofia_nis.kind == Kind.UNSPECIFIED
    sofia_zemun = Partnership.objects.get(ref_key=pair_key([world["sofia"], world["zemun"]]))
    assert len(sofia_zemun.sources) == 2 and "CONFLICT" in sofia_zemun.unverified
    assert PartnershipMember.objects.filter(authority=world["zemun"]).count() == 2
    assert Partnership.objects.filter(ref_key=pair_key([world["varna"], world["zemun"]])).exists()


def test_second_run_changes_nothing(world, tmp_path):
    path = _write(tmp_path / "partnerships.csv", ROWS)
    import_partnerships(path, out=lambda line: None)
    history = Partnership.history.count()
    events = Event.objects.count()
    again = import_partnerships(path, out=lambda line: None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert Partnership.history.count() == history
    assert Event.objects.count() == events


def test_user_corrections_survive_a_second_run(world, tmp_path):
    path = _write(tmp_path / "partnerships.csv", ROWS)
    import_partnerships(path, out=lambda line: None)
    record = Partnership.objects.get(ref_key=pair_key([world["sofia"], world["nis"]]))
    Partnership.objects.filter(pk=record.pk).update(kind=Kind.COOPERATION, status=Status.ACTIVE)
    import_partnerships(path, out=lambda line: None)
    record.refresh_from_db()
    assert (record.kind, record.status) == (Kind.COOPERATION, Status.ACTIVE)


def test_a_malformed_row_stops_everything(world, tmp_path):
    rows = [*ROWS[:2], _row("Varna", "XX", "Lyon", "FR", b_code="69123")]
    path = _write(tmp_path / "partnerships.csv", rows)
    with pytest.raises(RowError) as error:
        import_partnerships(path, out=lambda line: None)
    assert error.value.line == 4 and "XX" in error.value.reason
    assert not Partnership.objects.exists()


def test_a_bad_kind_or_code_is_malformed(world, tmp_path):
    for bad in (
        _row("Varna", "BG", "Lyon", "FR", b_code="6912"),
        _row("Varna", "BG", "Lyon", "FR", kind="x"),
    ):
        path = _write(tmp_path / "p.csv", [bad])
        with pytest.raises(RowError):
            import_partnerships(path, out=lambda line: None)
    assert not Partnership.objects.exists()


def test_the_real_file_is_well_formed():
    from mostovi.partnerships.importers import default_path, read

    rows = read(default_path())
    assert len(rows) == 417
    assert sum(1 for r in rows if r.kind == Kind.UNSPECIFIED) == 185
    assert sum(1 for r in rows if r.flags) == 39
