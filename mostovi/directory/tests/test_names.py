"""Names in every official language, the one a reader sees, search by any of them, languages per authority."""

import pytest
from django.urls import reverse
from django.utils import translation

from mostovi.directory.models import Level
from mostovi.directory.selectors import (
    authority_languages,
    authority_languages_bulk,
    authority_search,
    display_name,
    search_aliases,
    shared_languages,
)
from mostovi.directory.templatetags.directory_tags import language_name
from mostovi.directory.tests.factories import AuthorityFactory

pytestmark = pytest.mark.django_db

SOURCE = {"title": "test", "licence": "facts"}


def _lang(lang, status="official", majority=False):
    return {
        "lang": lang,
        "status": status,
        "majority": majority,
        "source": SOURCE,
        "checked_on": "2026-12-07",
    }


def leposavic():
    return AuthorityFactory(
        name="Leposaviq",
        name_latin="Leposaviq",
        country="XK",
        level=Level.MUNICIPALITY,
        population=3_207,
        other_names=[
            {"lang": "sq", "name": "Leposaviq"},
            {"lang": "sr", "name": "Лепосавић"},
            {"lang": "sr-Latn", "name": "Leposavić"},
        ],
        languages=[_lang("sq"), _lang("sr", majority=True)],
    )


def sofia():
    return AuthorityFactory(
        name="Столична",
        name_latin="Stolichna",
        country="BG",
        level=Level.MUNICIPALITY,
        population=1_248_452,
        aliases=[{"name": "Sofia", "lang": "en"}, {"name": "София", "lang": "bg"}],
        languages=[_lang("bg", majority=True)],
    )


@pytest.mark.parametrize(
    ("language", "shown"),
    [("sr", "Лепосавић"), ("sr-latn", "Leposavić"), ("sq", "Leposaviq"), ("fr", "Лепосавић")],
)
def test_the_name_shown_follows_the_readers_language_else_the_majoritys(language, shown):
    assert display_name(leposavic(), language) == shown


def test_a_serbian_name_known_in_cyrillic_only_is_transliterated_for_serbian_latin():
    nis = AuthorityFactory(name="Ниш", name_latin="", country="RS", level=Level.CITY)
    assert display_name(nis, "sr-latn") == "Niš"
    assert display_name(nis, "sr") == "Ниш"
    assert display_name(nis, "fr") == "Ниш"


@pytest.mark.parametrize("q", ["Leposavić", "Лепосавић", "Leposaviq", "leposavic"])
def test_search_by_any_official_name_and_script_finds_the_same_municipality(q):
    municipality = leposavic()
    AuthorityFactory(name="Lepoville", country="FR")
    assert list(authority_search(q=q)) == [municipality]


@pytest.mark.parametrize(
    ("language", "shown"), [("sr", "Лепосавић"), ("sr-latn", "Leposavić"), ("sq", "Leposaviq")]
)
@pytest.mark.parametrize("q", ["Leposavić", "Лепосавић", "Leposaviq"])
def test_search_page_shows_the_municipality_in_the_readers_language(client, language, shown, q):
    leposavic()
    response = client.get(f"/{language}/directory/", {"q": q}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert f">{shown}</a>" in html
    assert html.count("/directory/") >= 1


def test_search_by_an_alias_shows_it_beside_the_official_name(client):
    sofia()
    response = client.get("/en/directory/", {"q": "Sofia"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert '<span class="name-alias">Sofia</span> — <a' in html
    assert '>Столична</a> / <span class="name-latin">Stolichna</span>' in html


def test_a_reader_who_sees_another_name_is_shown_the_name_searched_by(client):
    """An Albanian reader sees Leposaviq; searching "Leposavić" shows that name beside it. A Serbian reader
    sees the name searched by already: nothing is added."""
    municipality = leposavic()
    with translation.override("sq"):
        assert search_aliases([municipality], "Leposavić") == {municipality.pk: "Leposavić"}
        assert search_aliases([municipality], "Лепосавић") == {municipality.pk: "Лепосавић"}
        assert search_aliases([municipality], "Leposaviq") == {}
    with translation.override("sr-latn"):
        assert search_aliases([municipality], "Leposavić") == {}
    html = client.get("/sq/directory/", {"q": "Лепосавић"}, headers={"HX-Request": "true"}).content.decode()
    assert '<span class="name-alias">Лепосавић</span> — <a' in html


def test_search_aliases_is_empty_when_an_official_name_matched():
    municipality = sofia()
    assert search_aliases([municipality], "Stolich") == {}
    assert search_aliases([municipality], "Sofia") == {municipality.pk: "Sofia"}
    assert search_aliases([municipality], "Соф") == {municipality.pk: "София"}


def test_authority_languages_are_those_of_the_authority_not_of_its_country():
    north = leposavic()
    prizren = AuthorityFactory(
        name="Prizren", country="XK", languages=[_lang("sq", majority=True), _lang("sr"), _lang("tr")]
    )
    lyon = AuthorityFactory(name="Lyon", country="FR", languages=[_lang("fr", majority=True)])
    assert authority_languages(north) == {"sq", "sr"}
    assert authority_languages(prizren) == {"sq", "sr", "tr"}
    assert authority_languages_bulk([north, lyon]) == {north.pk: {"sq", "sr"}, lyon.pk: {"fr"}}
    assert shared_languages(north, prizren) == {"sq", "sr"}
    assert shared_languages(north, lyon) == set()


def test_authority_page_lists_its_languages_and_other_official_names(client):
    municipality = leposavic()
    with translation.override("en"):
        url = reverse("directory:detail", args=[municipality.pk])
    html = client.get(url).content.decode()
    assert '<h1><span lang="sr">Лепосавић</span>' in html
    assert 'data-testid="authority-languages"' in html
    assert "language of the majority" in html


def test_api_gives_the_names_by_language(client):
    municipality = leposavic()
    body = client.get(f"/api/v1/authorities/{municipality.pk}").json()
    assert body["names"] == {"sq": "Leposaviq", "sr": "Лепосавић", "sr-Latn": "Leposavić"}


def _write(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_name_row_without_a_check_date_is_unverified_and_a_bad_date_is_refused(tmp_path):
    from django.utils import translation

    from mostovi.directory.importers import names as name_file
    from mostovi.directory.importers.base import RowError

    header = "ref_key,lang,name,source,checked_on,unverified,note\n"
    _write(tmp_path, "names.csv", header + "XK:Mamushë,tr,Mamuşa,https://example.org/law,,,\n")
    [entry] = name_file.load_names(tmp_path)["XK:Mamushë"]
    assert entry["unverified"] == "name" and entry["source"]["url"] == "https://example.org/law"
    _write(tmp_path, "names.csv", header + "XK:Mamushë,tr,Mamuşa,https://example.org/law,2026-13-45,,\n")
    with translation.override("en"), pytest.raises(RowError, match=r"names\.csv, line 2: .*2026-13-45"):
        name_file.load_names(tmp_path)


def test_an_authoritys_language_row_replaces_its_countrys(tmp_path):
    from mostovi.directory.importers import names as name_file
    from mostovi.directory.importers.base import Unit

    _write(
        tmp_path,
        "languages.csv",
        "members,lang,status,majority,source,checked_on,unverified,note\n"
        "all:XK,sq,official,yes,https://example.org/law,2026-12-07,,\n"
        "all:XK,sr,official,no,https://example.org/law,2026-12-07,,\n"
        "XK:Leposaviq,sr,official,yes,https://example.org/census,2026-12-07,,\n",
    )
    unit = Unit("XK:Leposaviq", {"country": "XK", "other_names": []}, "xk.csv", 2)
    other = Unit("XK:Prizren", {"country": "XK", "other_names": []}, "xk.csv", 3)
    name_file.apply(
        [unit, other], {}, name_file.load_languages(tmp_path), {"XK:Leposaviq", "XK:Prizren"}, strict=True
    )
    assert [(r["lang"], r["majority"]) for r in unit.fields["languages"]] == [("sq", False), ("sr", True)]
    assert [(r["lang"], r["majority"]) for r in other.fields["languages"]] == [("sq", True), ("sr", False)]
    assert unit.fields["languages"][1]["source"]["url"] == "https://example.org/census"


@pytest.mark.parametrize(
    ("tag", "label"),
    [("hu", "Hungarian"), ("rue", "Rusyn"), ("sr-Cyrl", "Serbian, Cyrillic"), ("xx", "not listed")],
)
def test_language_names_include_the_minority_languages_of_vojvodina(tag, label):
    with translation.override("en"):
        assert language_name(tag) == label
