"""The reference import (manage.py import_reference_data) on the real files of data/reference/."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from mostovi.directory.importers import rs, run
from mostovi.directory.importers.base import RowError
from mostovi.directory.models import Level, NetworkMembership, Organisation, SearchTerm
from mostovi.directory.selectors import authority_languages, authority_search, display_name

DATA = Path(settings.BASE_DIR) / "data" / "reference"
LA = "local_authority"

# Exact counts of the files in data/reference/ (see municipalities/SOURCES.md):
# FR: 18 regions, 101 départements, 34 935 communes (COM), 45 arrondissements (ARM) of Paris/Lyon/Marseille.
# RS: the 145 local self-government units outside Kosovo* = 117 municipalities + 28 cities (23 city rows
#     of the register incl. Novi Sad, + Beograd, Niš, Požarevac, Užice, Vranje made up from their city
#     municipalities), plus 28 city municipalities (17 Belgrade, 5 Niš, 2 each Požarevac, Užice, Vranje;
#     Novi Sad's 2 have no code in the register list).
#     1 255 groupings (BANATIC 2024: 990 CC, 229 CA, 14 CU, 21 métropoles and the Métropole de Lyon).
# MK: 80 municipalities (10 of them inside the City of Skopje, full municipalities) + the City of Skopje.
# AL: 12 counties (qarqe) above 61 municipalities.
# Networks: 30 rows, all networks (ALDA and its Local Democracy Agencies included, as kinds of network).
EXPECTED = {
    ("FR", LA, Level.REGION): 18,
    ("FR", LA, Level.DEPARTMENT): 101,
    ("FR", LA, Level.MUNICIPALITY): 34_935,
    ("FR", LA, Level.CITY_MUNICIPALITY): 45,
    ("FR", LA, Level.GROUPING): 1_255,
    ("BG", LA, Level.MUNICIPALITY): 265,
    ("RS", LA, Level.MUNICIPALITY): 117,
    ("RS", LA, Level.CITY): 28,
    ("RS", LA, Level.CITY_MUNICIPALITY): 28,
    ("MK", LA, Level.MUNICIPALITY): 80,
    ("MK", LA, Level.CITY): 1,
    ("AL", LA, Level.REGION): 12,
    ("AL", LA, Level.MUNICIPALITY): 61,
    ("BA", LA, Level.MUNICIPALITY): 142,
    ("ME", LA, Level.MUNICIPALITY): 25,
    ("XK", LA, Level.MUNICIPALITY): 38,
}
TOTAL = sum(EXPECTED.values()) + 30  # 37 181

# Direct members per association, as their sources state them (data/reference/networks/SOURCES.md).
DIRECT_MEMBERS = {
    "NAMRB": 265,  # all Bulgarian municipalities
    "ZELS": 81,  # 80 municipalities and the City of Skopje
    "SKGO": 3,  # Niš, Leskovac, Medveđa: named by the offices they hold; SKGO's list was not found
    "AAM": 61,  # "all municipalities of Albania" (AAM's home page)
    "SOGFBIH": 79,  # all units of the Federation of BiH in the directory
    "ALVRS": 62,  # all units of Republika Srpska in the directory
    "UOM_ME": 21,  # the 21 municipalities of Montenegro before 2013
    "AKM": 7,  # the municipalities whose mayors sit in AKM's presidency and board (2022)
    "AFCCRE": 1,  # the City of Lyon
}
# 50 memberships between networks (network_memberships.csv) and those of the authorities.
MEMBERSHIPS = 50 + sum(DIRECT_MEMBERS.values())  # 630


def _import(*args) -> str:
    """Runs the command in English, so that the messages checked here do not depend on the catalogues."""
    out = StringIO()
    with translation.override("en"):
        call_command("import_reference_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def full_import(django_db_setup, django_db_blocker):
    """The whole reference data, imported once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = _import()
        if connection.vendor == "postgresql":
            # The planner's statistics still describe empty tables: a join over 37,000 rows takes minutes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE directory_organisation, directory_networkmembership")
        yield output
        transaction.set_rollback(True)


def _names(ref_key: str) -> list[str]:
    return sorted(Organisation.objects.get(ref_key=ref_key).children.values_list("name_latin", flat=True))


@pytest.mark.django_db
def test_counts_per_country_kind_and_level(full_import):
    rows = (
        Organisation.objects.filter(kind=LA).values_list("country", "kind", "level").annotate(n=Count("id"))
    )
    assert {(c, k, lv): n for c, k, lv, n in rows} == EXPECTED
    assert Organisation.objects.filter(kind="network").count() == 30
    assert Organisation.objects.filter(kind="ngo").count() == 0
    assert Organisation.objects.count() == TOTAL
    assert f"created {TOTAL}, updated 0, unchanged 0" in full_import


@pytest.mark.django_db
def test_every_record_is_real_and_has_its_history(full_import):
    assert not Organisation.objects.filter(is_demo=True).exists()
    assert not Organisation.objects.filter(ref_key="").exists()
    assert Organisation.history.filter(history_type="+").count() == TOTAL
    assert NetworkMembership.history.count() == MEMBERSHIPS


@pytest.mark.django_db
def test_nis_has_its_five_city_municipalities(full_import):
    nis = Organisation.objects.get(ref_key="RS:city:Niš")
    assert (nis.name, nis.name_latin, nis.level) == ("Ниш", "Niš", Level.CITY)
    assert _names("RS:city:Niš") == ["Crveni krst", "Medijana", "Niška Banja", "Palilula", "Pantelej"]


@pytest.mark.django_db
def test_nis_has_the_point_of_its_seat_from_the_supplement(full_import):
    # rs_points_supplement.csv: dr5hn RS.json "Niš" (43.32472, 21.90333). None of the 5 city municipalities
    # has an entry in that source, so they keep no point (see municipalities/SOURCES.md).
    nis = Organisation.objects.get(ref_key="RS:city:Niš")
    assert (round(nis.latitude, 2), round(nis.longitude, 2)) == (43.32, 21.9)
    assert any(s.get("file") == rs.FILE_POINTS for s in nis.sources)
    assert "coordinates" in nis.unverified
    for ref_key in ("RS:city:Požarevac", "RS:city:Užice", "RS:city:Vranje"):
        city = Organisation.objects.get(ref_key=ref_key)
        seat = city.children.get(name_latin=city.name_latin)  # the homonymous city municipality
        assert (city.latitude, city.longitude) == (seat.latitude, seat.longitude)


def test_a_bad_supplement_point_names_file_and_line(tmp_path):
    for name in (rs.FILE_UNITS, rs.FILE_FLAGS, rs.FILE_CITIES, rs.FILE_POPULATION):
        _copy(tmp_path, name)

    def swapped(lines):
        lines[1] = lines[1].replace("43.32472000,21.90333000", "21.90333000,43.32472000")
        return lines

    _copy(tmp_path, rs.FILE_POINTS, swapped)
    with (
        translation.override("en"),
        pytest.raises(RowError, match=r"rs_points_supplement\.csv, line 2: coordinates .* out of range"),
    ):
        rs.load(tmp_path, lambda message: None)

    def conflicting(lines):
        return [*lines, 'rzs_code,70157,Zemun,44.8,20.4,"test",\n']

    _copy(tmp_path, rs.FILE_POINTS, conflicting)
    with (
        translation.override("en"),
        pytest.raises(RowError, match=r"line 6: RS:rzs:70157 already has a point"),
    ):
        rs.load(tmp_path, lambda message: None)


@pytest.mark.django_db
def test_belgrade_has_17_city_municipalities_and_its_census_population(full_import):
    belgrade = Organisation.objects.get(ref_key="RS:city:Beograd")
    assert (belgrade.population, belgrade.population_year) == (1_681_405, 2022)
    assert len(_names("RS:city:Beograd")) == 17
    assert "Palilula" in _names("RS:city:Beograd")


@pytest.mark.django_db
def test_novi_sad_is_a_city_row_and_uzice_keeps_both_units(full_import):
    assert Organisation.objects.get(ref_key="RS:rzs:89010").level == Level.CITY
    assert _names("RS:city:Užice") == ["Sevojno", "Užice"]
    assert Organisation.objects.get(ref_key="RS:rzs:71145").parent.ref_key == "RS:city:Užice"


@pytest.mark.django_db
def test_skopje_is_a_city_above_ten_municipalities(full_import):
    skopje = Organisation.objects.get(ref_key="MK:city:Skopje")
    assert (skopje.name, skopje.name_latin, skopje.population, skopje.population_year) == (
        "Скопје",
        "Skopje",
        526_502,
        2021,
    )
    assert skopje.children.filter(level=Level.MUNICIPALITY, is_subunit=False).count() == 10
    assert sum(skopje.children.values_list("population", flat=True)) == 526_502


@pytest.mark.django_db
def test_paris_lyon_marseille_arrondissements(full_import):
    assert Organisation.objects.get(ref_key="FR:insee:75056").children.count() == 20
    assert Organisation.objects.get(ref_key="FR:insee:69123").children.count() == 9
    assert Organisation.objects.get(ref_key="FR:insee:13055").children.count() == 16
    assert not Organisation.objects.filter(level=Level.CITY_MUNICIPALITY, country="FR", parent=None).exists()


@pytest.mark.django_db
def test_french_hierarchy_and_values(full_import):
    lyon = Organisation.objects.select_related("parent__parent").get(ref_key="FR:insee:69123")
    assert (lyon.parent.ref_key, lyon.parent.parent.ref_key) == ("FR:dep:69", "FR:reg:84")
    assert (lyon.code_scheme, lyon.admin_area, lyon.population, lyon.population_year) == (
        "insee",
        "Rhône",
        522_250,
        2021,
    )
    assert (lyon.latitude, lyon.longitude) == (45.758811, 4.835333)  # La Poste, mean of the 9 arrondissements
    mamoudzou = Organisation.objects.get(ref_key="FR:insee:97611")
    assert mamoudzou.population_year == 2017


@pytest.mark.django_db
def test_kosovo_municipalities_appear_once_under_xk(full_import):
    assert not Organisation.objects.filter(country="RS", code__startswith="9").exists()
    serbian_names = {
        n["name"] for o in Organisation.objects.filter(country="XK", kind=LA) for n in o.other_names
    }
    assert not Organisation.objects.filter(
        country="RS", kind=LA, name_latin__in=serbian_names - {"Junik"}
    ).exists()
    prishtine = Organisation.objects.get(ref_key="XK:Prishtinë")
    assert prishtine.code == ""
    assert [(n["lang"], n["name"], n["unverified"]) for n in prishtine.other_names] == [
        ("sq", "Prishtinë", "name"),
        ("sr", "Приштина", "name"),
        ("sr-Latn", "Priština", "name"),
    ]
    assert (prishtine.population, prishtine.population_year) == (227_154, 2024)
    assert Organisation.objects.filter(country="XK", kind=LA, population__isnull=False).count() == 8


@pytest.mark.django_db
def test_kosovo_languages_are_per_municipality_with_their_sources(full_import):
    leposaviq = Organisation.objects.get(ref_key="XK:Leposaviq")
    prizren = Organisation.objects.get(ref_key="XK:Prizren")
    mamushe = Organisation.objects.get(ref_key="XK:Mamushë")
    assert authority_languages(leposaviq) == {"sq", "sr"}
    assert authority_languages(prizren) == {"sq", "sr", "tr"}
    assert [(row["lang"], row["majority"]) for row in leposaviq.languages] == [("sq", False), ("sr", True)]
    assert all(row["source"] and row["checked_on"] == "2026-12-07" for row in leposaviq.languages)
    assert (display_name(leposaviq, "sr"), display_name(leposaviq, "sr-latn")) == ("Лепосавић", "Leposavić")
    assert (display_name(leposaviq, "sq"), display_name(leposaviq, "fr")) == ("Leposaviq", "Лепосавић")
    assert display_name(mamushe, "en") == "Mamuşa"
    assert display_name(Organisation.objects.get(ref_key="XK:Prishtinë"), "fr") == "Prishtinë"


@pytest.mark.django_db
def test_albanian_names_and_languages_of_north_macedonian_municipalities(full_import):
    tetovo = Organisation.objects.get(ref_key="MK:lau:MK00609")
    veles = Organisation.objects.get(ref_key="MK:lau:MK00101")
    assert (display_name(tetovo, "sq"), display_name(tetovo, "mk"), display_name(tetovo, "fr")) == (
        "Tetovë",
        "Тетово",
        "Тетово",
    )
    assert authority_languages(tetovo) == {"mk", "sq"}
    assert authority_languages(veles) == {"mk"}
    assert authority_languages(Organisation.objects.get(ref_key="FR:insee:69123")) == {"fr"}


INTERFACE_LANGUAGES = [code for code, _name in settings.LANGUAGES]
PROVINCE_TABLE = "https://docslib.org/doc/1807152/"
SUBOTICA_STATUTE = "https://pravamanjina.ombudsman.org.rs/index.php/sr/-/---/smo-g/-/320"


@pytest.mark.django_db
def test_subotica_is_found_by_its_hungarian_name_listed_on_its_page_and_shown_to_nobody(full_import, client):
    subotica = Organisation.objects.get(ref_key="RS:rzs:80438")
    assert list(authority_search(q="Szabadka")) == [subotica]
    # The interface has no Hungarian: every reader sees the Serbian name in their script.
    shown = {language: display_name(subotica, language) for language in INTERFACE_LANGUAGES}
    assert shown == {
        "fr": "Суботица",
        "en": "Суботица",
        "bg": "Суботица",
        "sr": "Суботица",
        "sr-latn": "Subotica",
        "mk": "Суботица",
        "sq": "Суботица",
    }
    page = reverse("directory:detail", args=[subotica.pk]).replace("/fr/", "/en/")
    html = client.get(page).content.decode()
    assert '<h1><span lang="sr">Суботица</span>' in html
    assert '<span lang="hu">Szabadka</span> <span class="muted">(Hungarian)</span>' in html
    assert '<span lang="hr">Subotica</span> <span class="muted">(Croatian)</span>' in html
    languages = html.split('data-testid="authority-languages"')[1].split("</ul>")[0]
    assert 'Hungarian <span class="muted">(in official use)</span>' in languages
    assert f'<a href="{SUBOTICA_STATUTE}"' in languages


@pytest.mark.django_db
def test_vojvodina_languages_per_municipality_with_their_sources(full_import):
    subotica = Organisation.objects.get(ref_key="RS:rzs:80438")
    novi_sad = Organisation.objects.get(ref_key="RS:rzs:89010")
    apatin = Organisation.objects.get(ref_key="RS:rzs:80047")
    assert authority_languages(subotica) == {"sr", "hu", "hr"}
    assert authority_languages(novi_sad) == {"sr", "hu", "sk", "rue"}
    assert authority_languages(Organisation.objects.get(ref_key="RS:rzs:80179")) == {"sr"}  # Inđija
    hungarian = next(row for row in subotica.languages if row["lang"] == "hu")
    assert (hungarian["status"], hungarian["checked_on"], hungarian["source"]["url"]) == (
        "in_official_use",
        "2026-12-07",
        SUBOTICA_STATUTE,
    )
    assert "unverified" not in hungarian
    # A language marked in the provincial table as used in some settlements only says so.
    croatian = next(row for row in apatin.languages if row["lang"] == "hr")
    hungarian = next(row for row in apatin.languages if row["lang"] == "hu")
    assert croatian["source"]["url"] == "http://hnv.org.rs/sluzbena_uporaba_hrvatskog_jezika.php"
    assert hungarian["source"]["url"].startswith(PROVINCE_TABLE)
    assert hungarian["unverified"] == "extent"
    names = {entry["lang"]: entry["name"] for entry in novi_sad.other_names}
    assert names == {"hu": "Újvidék", "sk": "Nový Sad", "rue": "Нови Сад"}
    assert display_name(novi_sad, "sr-latn") == "Novi Sad"


@pytest.mark.django_db
def test_minority_languages_of_central_and_southern_serbia(full_import):
    def languages(code):
        return authority_languages(Organisation.objects.get(ref_key=f"RS:rzs:{code}"))

    assert [languages(code) for code in ("70874", "71188", "71072")] == [{"sr", "bs"}] * 3
    assert languages("70963") == {"sr", "sq"}  # Preševo
    preshevo = Organisation.objects.get(ref_key="RS:rzs:70963")
    assert (display_name(preshevo, "sq"), display_name(preshevo, "sr")) == ("Preshevë", "Прешево")
    dimitrovgrad = Organisation.objects.get(ref_key="RS:rzs:70505")
    bulgarian = next(row for row in dimitrovgrad.languages if row["lang"] == "bg")
    assert bulgarian["unverified"] == "status"  # the statute's article was not read
    assert display_name(dimitrovgrad, "bg") == "Цариброд"
    assert display_name(dimitrovgrad, "sr") == "Димитровград"


@pytest.mark.django_db
def test_ulcinj_has_albanian_in_official_use_and_is_ulqin_to_an_albanian_reader(full_import):
    ulcinj = Organisation.objects.get(ref_key="ME:iso:ME-20")
    albanian = next(row for row in ulcinj.languages if row["lang"] == "sq")
    assert albanian["status"] == "in_official_use"
    assert albanian["source"]["url"].startswith("https://www.radiokosovaelire.com/")
    assert "unverified" not in albanian
    assert authority_languages(ulcinj) == {"cnr", "sr", "bs", "sq", "hr"}
    assert (display_name(ulcinj, "sq"), display_name(ulcinj, "sr"), display_name(ulcinj, "fr")) == (
        "Ulqin",
        "Улцињ",
        "Ulcinj",
    )
    assert list(authority_search(q="Ulqin")) == [ulcinj]
    tuzi, gusinje = (Organisation.objects.get(ref_key=f"ME:iso:{code}") for code in ("ME-24", "ME-22"))
    assert (display_name(tuzi, "sq"), display_name(gusinje, "sq")) == ("Tuz", "Guci")
    assert next(row for row in gusinje.languages if row["lang"] == "sq")["unverified"] == "status"


@pytest.mark.django_db
def test_bosnian_municipalities_have_their_serbian_cyrillic_name(full_import):
    banja_luka = Organisation.objects.get(ref_key="BA:name:Banja Luka")
    assert banja_luka.other_names[0]["lang"] == "sr"
    assert banja_luka.other_names[0]["source"]["title"].startswith("Serbian Cyrillic form derived")
    assert [display_name(banja_luka, lang) for lang in ("sr", "sr-latn", "fr", "mk")] == [
        "Бања Лука",
        "Banja Luka",
        "Banja Luka",
        "Banja Luka",
    ]
    assert display_name(Organisation.objects.get(ref_key="BA:name:Odžak"), "sr") == "Оџак"
    # A double name of the file is kept whole, and marked: the Serbian name may be one of its parts only.
    uskoplje = Organisation.objects.get(ref_key="BA:name:Gornji Vakuf/Uskoplje").other_names[0]
    assert (uskoplje["name"], uskoplje["unverified"]) == ("Горњи Вакуф/Ускопље", "name")
    # names.csv gives the name used in Republika Srpska where the file keeps the former one.
    novi = Organisation.objects.get(ref_key="BA:name:Bosanski Novi/Novi")
    rows = [(e["lang"], e["name"], e["checked_on"]) for e in novi.other_names]
    assert rows == [("sr", "Нови Град", "2026-12-07")]
    assert (display_name(novi, "sr"), display_name(novi, "sr-latn")) == ("Нови Град", "Novi Grad")
    assert list(authority_search(q="Бања Лука")) == [banja_luka]


@pytest.mark.django_db
def test_bulgaria_sofia_is_stolichna(full_import):
    sofia = Organisation.objects.get(ref_key="BG:nsi:SOF46")
    assert (sofia.name, sofia.name_latin, sofia.population, sofia.population_year) == (
        "Столична",
        "Stolichna",
        1_309_634,
        2013,
    )


@pytest.mark.django_db
def test_networks_and_memberships(full_import):
    skgo = Organisation.objects.get(ref_key="NET:SKGO")
    assert (skgo.kind, skgo.acronym, skgo.country) == ("network", "SKGO", "RS")
    assert {"lang": "en", "name": skgo.other_names[-1]["name"]} in skgo.other_names
    alda = Organisation.objects.get(ref_key="NET:ALDA")
    assert (alda.kind, alda.network_kind) == ("network", "european_federation")
    assert Organisation.objects.get(ref_key="NET:LDA_MOSTAR").network_kind == "agency"
    assert NetworkMembership.objects.filter(network=alda, member__network_kind="agency").count() == 8
    assert Organisation.objects.get(ref_key="NET:BNLD").country == ""
    assert NetworkMembership.objects.count() == MEMBERSHIPS
    assert NetworkMembership.objects.filter(network__ref_key="NET:NALAS").count() == 14
    namrb = NetworkMembership.objects.get(member__ref_key="NET:NAMRB", network__ref_key="NET:CEMR")
    assert (namrb.status, namrb.since) == ("member", 1997)


@pytest.mark.django_db
def test_authority_memberships_with_their_sources(full_import):
    namrb = NetworkMembership.objects.filter(network__ref_key="NET:NAMRB", member__kind=LA)
    assert namrb.count() == 265
    assert all(m.sources and m.sources[0]["url"].startswith("https://") for m in namrb)
    sarnitsa = namrb.get(member__ref_key="BG:nsi:PAZ39")
    assert (sarnitsa.since, sarnitsa.unverified) == (2015, "")
    assert namrb.get(member__ref_key="BG:nsi:SOF46").since == 1999
    zels = NetworkMembership.objects.filter(network__ref_key="NET:ZELS", member__kind=LA)
    assert zels.count() == 81
    strumica = zels.get(member__ref_key="MK:lau:MK00410")
    assert "October 2024" in strumica.status and strumica.unverified == "status"
    assert str(strumica.checked_on) == "2026-12-07"


@pytest.mark.django_db
def test_direct_members_per_association(full_import):
    counts = dict(
        NetworkMembership.objects.filter(member__kind=LA)
        .values_list("network__ref_key")
        .annotate(n=Count("id"))
        .values_list("network__ref_key", "n")
    )
    assert counts == {f"NET:{key}": n for key, n in DIRECT_MEMBERS.items()}
    # Every row names its source and the date it was checked.
    rows = NetworkMembership.objects.filter(member__kind=LA)
    assert not rows.filter(sources=[]).exists()
    assert set(rows.values_list("checked_on", flat=True).distinct()) == {date(2026, 12, 7)}
    # The member associations of NALAS have members in Bulgaria and every Western Balkan country.
    nalas_members = NetworkMembership.objects.filter(network__ref_key="NET:NALAS").values("member")
    countries = set(
        rows.filter(network__in=nalas_members).values_list("member__country", flat=True).distinct()
    )
    assert {"AL", "BA", "BG", "ME", "MK", "RS", "XK"} <= countries


@pytest.mark.django_db
def test_named_memberships_keep_their_own_facts(full_import):
    kresevo = NetworkMembership.objects.get(network__ref_key="NET:SOGFBIH", member__ref_key="BA:name:Kreševo")
    assert (kresevo.since, kresevo.unverified) == (2013, "")
    banja_luka = NetworkMembership.objects.get(member__ref_key="BA:name:Banja Luka")
    assert banja_luka.network.ref_key == "NET:ALVRS"
    assert not NetworkMembership.objects.filter(member__ref_key__startswith="BA:name:Brčko").exists()
    partesh = NetworkMembership.objects.get(network__ref_key="NET:AKM", member__ref_key="XK:Partesh")
    assert partesh.unverified == "status"
    assert not NetworkMembership.objects.filter(
        network__ref_key="NET:AKM", member__ref_key="XK:Mitrovicë e Veriut"
    ).exists()
    # The qarqe are regional authorities, not members of the association of municipalities.
    assert not NetworkMembership.objects.filter(
        network__ref_key="NET:AAM", member__level=Level.REGION
    ).exists()
    lyon = NetworkMembership.objects.get(network__ref_key="NET:AFCCRE")
    assert lyon.member.ref_key == "FR:insee:69123"


@pytest.mark.django_db
def test_french_groupings_and_albanian_counties(full_import):
    metropole = Organisation.objects.get(ref_key="FR:epci:200046977")
    assert (metropole.name, metropole.level, metropole.code_scheme) == (
        "Métropole de Lyon",
        "grouping",
        "siren",
    )
    assert metropole.grouped.count() == 58
    lyon = Organisation.objects.select_related("grouping").get(ref_key="FR:insee:69123")
    assert lyon.grouping == metropole
    assert Organisation.objects.filter(level=Level.GROUPING, acronym="METRO").count() == 21
    assert Organisation.objects.filter(country="FR", level=Level.MUNICIPALITY, grouping=None).count() < 10
    tirana = Organisation.objects.select_related("parent").get(ref_key="AL:lau:AL224")
    assert (tirana.parent.ref_key, tirana.parent.level) == ("AL:qark:AL-11", "region")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("term", "ref_key"),
    [
        ("ccre", "NET:CEMR"),
        ("sctm", "NET:SKGO"),
        ("sofia", "BG:nsi:SOF46"),
        ("belgrade", "RS:city:Beograd"),
        ("pristina", "XK:Prishtinë"),
        ("tirana", "AL:lau:AL224"),
        ("metropole de lyon", "FR:epci:200046977"),
        ("grand lyon", "FR:epci:200046977"),
        ("nis", "RS:city:Niš"),
    ],
)
def test_aliases_and_names_are_searchable(full_import, term, ref_key):
    assert SearchTerm.objects.filter(term=term, organisation__ref_key=ref_key).exists()


@pytest.mark.django_db
def test_second_run_changes_nothing(full_import):
    history, terms = Organisation.history.count(), SearchTerm.objects.count()
    output = _import()
    assert f"created 0, updated 0, unchanged {TOTAL}" in output
    assert f"Network memberships: created 0, updated 0, unchanged {MEMBERSHIPS}" in output
    assert (Organisation.history.count(), SearchTerm.objects.count()) == (history, terms)


def _copy(tmp_path: Path, name: str, edit=None) -> Path:
    elections = tmp_path / "elections.csv"
    if name != "elections.csv" and not elections.exists():
        elections.write_text((DATA / "elections.csv").read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = (DATA / name).read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join(edit(lines) if edit else lines), encoding="utf-8")
    return tmp_path


def _bad_population(lines: list[str]) -> list[str]:
    fields = lines[6].split(",")  # line 7 of the file
    fields[-2] = "many"  # population_2013_sum_of_settlements
    lines[6] = ",".join(fields)
    return lines


@pytest.mark.django_db
def test_a_bad_row_names_file_and_line_and_imports_nothing(full_import, tmp_path):
    data_dir = _copy(tmp_path, "municipalities/bg_municipalities.csv", _bad_population)
    before = (Organisation.objects.count(), Organisation.history.count(), SearchTerm.objects.count())
    with pytest.raises(CommandError) as error:
        _import("--only", "bg", "--data-dir", str(data_dir))
    assert "municipalities/bg_municipalities.csv, line 7" in str(error.value)
    assert "is not a whole number" in str(error.value)
    assert (Organisation.objects.count(), Organisation.history.count(), SearchTerm.objects.count()) == before


@pytest.mark.django_db
def test_a_missing_parent_is_refused(full_import, tmp_path):
    def orphan(lines):
        lines[1] = lines[1].replace(",84,", ",99,", 1)  # Ain → an unknown region
        return lines

    data_dir = _copy(tmp_path, "municipalities/fr_departements.csv", orphan)
    _copy(tmp_path, "municipalities/fr_regions.csv")
    _copy(tmp_path, "municipalities/fr_communes.csv")
    _copy(tmp_path, "municipalities/fr_communes_coordinates.csv")
    _copy(tmp_path, "municipalities/fr_epci.csv")
    _copy(tmp_path, "municipalities/fr_epci_members.csv")
    with pytest.raises(
        CommandError, match=r"fr_departements\.csv, line 2: the parent FR:reg:99 does not exist"
    ):
        _import("--only", "fr", "--data-dir", str(data_dir))


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_nothing(full_import, tmp_path, monkeypatch):
    def more_people(lines):
        lines[1] = lines[1].replace(",28440,", ",28441,")  # Aytos
        return lines

    data_dir = _copy(tmp_path, "municipalities/bg_municipalities.csv", more_people)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(run, "search_terms_rebuild", broken)
    history = Organisation.history.count()
    with pytest.raises(RuntimeError):
        _import("--only", "bg", "--data-dir", str(data_dir))
    assert Organisation.objects.get(ref_key="BG:nsi:BGS01").population == 28_440
    assert Organisation.history.count() == history


@pytest.mark.django_db
def test_a_changed_row_is_updated_with_history(full_import, tmp_path):
    def more_people(lines):
        lines[1] = lines[1].replace(",28440,", ",28441,")
        return lines

    data_dir = _copy(tmp_path, "municipalities/bg_municipalities.csv", more_people)
    output = _import("--only", "bg", "--data-dir", str(data_dir))
    assert "created 0, updated 1, unchanged 264" in output
    aytos = Organisation.objects.get(ref_key="BG:nsi:BGS01")
    assert aytos.population == 28_441
    assert aytos.history.count() == 2


def test_unknown_source_is_refused():
    with pytest.raises(CommandError, match="Unknown source"):
        _import("--only", "fr,xx")


@pytest.mark.django_db
def test_election_dates_fill_the_local_authorities(full_import):
    from datetime import date

    lyon = Organisation.objects.get(ref_key="FR:insee:69123")
    assert (lyon.mandate_started_on, lyon.next_elections_on) == (date(2026, 3, 15), date(2032, 3, 15))
    assert "date of the next local elections" in lyon.unverified
    assert any("wikipedia.org" in s.get("url", "") for s in lyon.sources)
    assert Organisation.objects.get(ref_key="FR:dep:69").next_elections_on is None
    assert Organisation.objects.get(ref_key="MK:city:Skopje").mandate_started_on == date(2025, 10, 19)
    # Montenegro: staggered elections, not recorded.
    assert Organisation.objects.get(ref_key="ME:iso:ME-16").next_elections_on is None


@pytest.mark.django_db
def test_an_election_date_recorded_by_members_is_kept(full_import):
    from datetime import date

    Organisation.objects.filter(ref_key="BG:nsi:SOF46").update(next_elections_on=date(2027, 10, 24))
    _import("--only", "bg")
    assert Organisation.objects.get(ref_key="BG:nsi:SOF46").next_elections_on == date(2027, 10, 24)


@pytest.mark.parametrize(
    ("members", "accepted"),
    [
        ("BA:name:Banja Luka", True),
        ("BA:name:Bosanska Gradiška/Gradiška", True),
        ("XK:Prishtinë", True),
        ("all:AL", True),
        ("BA:name: Banja Luka", False),
        ("Banja Luka", False),
        ("al:lau:AL224", False),
    ],
)
def test_member_keys_may_hold_names(tmp_path, members, accepted):
    from mostovi.directory.importers import networks

    target = tmp_path / networks.FILE_AUTHORITY_MEMBERSHIPS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "network,members,status,since,source,checked_on,unverified,note\n"
        f'AAM,"{members}",member,,https://aam.org.al/,2026-12-07,,\n',
        encoding="utf-8",
    )
    if accepted:
        assert [row.member_ref for row in networks.load_authority_memberships(tmp_path)] == [members]
    else:
        with translation.override("en"), pytest.raises(RowError, match="not a well-formed"):
            networks.load_authority_memberships(tmp_path)
