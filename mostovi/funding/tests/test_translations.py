"""The funding catalogue in every interface language: translations as data, loaded with the catalogue, shown
while the English they translate is unchanged, with the official name beside and who translated."""

import copy

import pytest
from django.urls import reverse
from django.utils import translation

from mostovi.core.scripts import to_latin
from mostovi.funding.catalogue import texts
from mostovi.funding.catalogue_import import CatalogueError, import_catalogue, read
from mostovi.funding.catalogue_translations import LANGUAGES, instrument_digest
from mostovi.funding.models import Call, Instrument, Rule

pytestmark = pytest.mark.django_db
SLUG = "western-balkans-fund"


def _item(data, slug=SLUG) -> dict:
    return next(i for i in data["instruments"] if i["slug"] == slug)


def _translation(item: dict, language: str, word: str) -> dict:
    """A translation of every text of `item`, each prefixed with `word` (enough to tell them apart)."""
    entry = {"of": instrument_digest(item)}
    for field in texts.INSTRUMENT_FIELDS:
        value = item.get(field) or ("" if field != "required_documents" else [])
        entry[field] = (
            [f"{word} {v}" for v in value] if isinstance(value, list) else (value and f"{word} {value}")
        )
    entry["rules"] = [f"{word} {rule['text']}" for rule in item["rules"]]
    entry["calls"] = [f"{word} {call['title']}" for call in item["calls"]]
    return entry


@pytest.fixture
def data():
    data = copy.deepcopy(read())
    item = _item(data)
    data["translations"] = {
        "fr": {"language": "fr", "instruments": {SLUG: _translation(item, "fr", "[FR]")}},
        "sr": {"language": "sr", "instruments": {SLUG: _translation(item, "sr", "Фонд")}},
    }
    return data


def _page_of(client, language: str, name: str) -> str:
    with translation.override(language):
        url = reverse(name)
    return client.get(url).content.decode()


def _page(client, language: str, slug: str = SLUG) -> str:
    with translation.override(language):
        url = reverse("funding:detail", kwargs={"pk": Instrument.objects.get(slug=slug).pk})
    return client.get(url).content.decode()


def test_a_reader_sees_the_instrument_in_their_language_with_the_english_name_beside(client, data):
    import_catalogue(data)
    instrument = Instrument.objects.get(slug=SLUG)
    english = _item(data)
    french = _page(client, "fr")
    assert f"<h1>[FR] {english['name']}</h1>" in french
    assert f'Nom dans le catalogue (anglais) : <span lang="en">{english["name"]}</span>' in french
    assert "Traduit par la plateforme" in french
    assert f"[FR] {english['rules'][0]['text']}" in french
    assert f"[FR] {english['description']}" in french
    # English readers read the catalogue as written, without a note.
    page = _page(client, "en")
    assert f"<h1>{english['name']}</h1>" in page and "[FR]" not in page and "Translated by" not in page
    assert instrument.translations["fr"]["texts"]["name"] == f"[FR] {english['name']}"


def test_serbian_latin_readers_read_the_serbian_translation_in_latin(client, data):
    import_catalogue(data)
    name = _item(data)["name"]
    assert f"<h1>Фонд {name}</h1>" in _page(client, "sr")
    assert f"<h1>Fond {name}</h1>" in _page(client, "sr-latn")


def test_an_instrument_without_translation_is_shown_in_english_and_marked_so(client, data):
    import_catalogue(data)
    other = _item(data, "erasmus-plus")
    page = _page(client, "fr", "erasmus-plus")
    assert f'<h1><span lang="en">{other["name"]}</span></h1>' in page
    assert "Traduit par la plateforme" not in page


def test_the_official_name_is_shown_beside_the_translation(client, data):
    _item(data)["official_name"] = {
        "name": "Fonds pour les Balkans occidentaux",
        "language": "fr",
        "source": "https://westernbalkansfund.org/",
    }
    import_catalogue(data)
    page = _page(client, "fr")
    assert 'Nom officiel : <span lang="fr">Fonds pour les Balkans occidentaux</span>' in page
    assert 'href="https://westernbalkansfund.org/"' in page


def test_a_translation_of_an_older_english_text_is_not_loaded(data):
    _item(data)["rules"][0]["text"] += " (corrected)"
    summary = import_catalogue(data)
    assert summary["stale"] == [("fr", SLUG), ("sr", SLUG)]
    instrument = Instrument.objects.get(slug=SLUG)
    assert instrument.translations == {}
    assert texts.text(instrument, language="fr") == instrument.name


def test_staff_correcting_the_english_hides_the_translation_of_the_old_text(client, data):
    import_catalogue(data)
    Instrument.objects.filter(slug=SLUG).update(name="Western Balkans Fund (corrected)")
    rule = Rule.objects.filter(instrument__slug=SLUG).order_by("position").first()
    page = _page(client, "fr")
    assert '<h1><span lang="en">Western Balkans Fund (corrected)</span></h1>' in page
    # The other texts were not corrected: their translations still stand.
    assert texts.text(rule, language="fr") == f"[FR] {rule.text}"


def test_a_translation_that_does_not_match_the_catalogue_writes_nothing(data):
    data["translations"]["fr"]["instruments"][SLUG]["rules"].pop()
    data["translations"]["mk"] = {"language": "mk", "instruments": {"no-such-fund": {}}}
    data["translations"]["de"] = {"language": "de", "instruments": {}}
    with pytest.raises(CatalogueError) as error:
        import_catalogue(data)
    assert len(error.value.errors) == 3
    assert Instrument.objects.count() == 0 and Rule.objects.count() == 0 and Call.objects.count() == 0


def test_the_api_gives_the_translations_beside_the_catalogue_text(client, data):
    import_catalogue(data)
    instrument = Instrument.objects.get(slug=SLUG)
    body = client.get(f"/api/v1/funding/instruments/{instrument.pk}").json()
    assert body["name"] == instrument.name
    assert body["translations"]["fr"]["name"] == f"[FR] {instrument.name}"
    assert body["translations"]["sr-latn"]["name"] == f"Fond {instrument.name}"
    assert body["translations"]["fr"]["source"] == ""
    assert set(body["translations"]) == {"fr", "sr", "sr-latn"}
    assert body["rules"][0]["translations"]["fr"] == f"[FR] {body['rules'][0]['text']}"


def test_the_catalogue_is_translated_into_every_interface_language():
    """The repository's translations cover every instrument, in every language, from the current English."""
    data = read()
    assert set(data["translations"]) == set(LANGUAGES)
    summary = import_catalogue(data)
    assert summary["stale"] == []
    for instrument in Instrument.objects.prefetch_related("rules", "calls"):
        for language in LANGUAGES:
            for field in texts.INSTRUMENT_FIELDS:
                if getattr(instrument, field):
                    assert texts.shown(instrument, field, language).translated, (
                        instrument.slug,
                        language,
                        field,
                    )
            for item in [*instrument.rules.all(), *instrument.calls.all()]:
                if texts.text(item, language="en"):
                    assert texts.shown(item, language=language).translated, (instrument.slug, language, item)
            for rule in instrument.rules.all():
                for english in texts.param_labels(rule.params):
                    assert texts.param_label(rule, english, language) != english, (language, english)


def test_the_eligibility_check_speaks_the_readers_language_for_the_rules_texts():
    import_catalogue(read())
    levy = Rule.objects.get(instrument__slug="one-percent-waste", kind="levy_base")
    precondition = Rule.objects.filter(instrument__slug="meae-cles-en-main", kind="precondition").first()
    assert texts.param_label(levy, "household waste budget", "fr") == "budget déchets ménagers"
    assert texts.param_label(levy, "household waste budget", "en") == "household waste budget"
    label = precondition.params["label"]
    assert texts.param_label(precondition, label, "sr-latn") == to_latin(
        texts.param_label(precondition, label, "sr"), "sr"
    )
    # A corrected English text finds no translation: it is shown as written.
    assert texts.param_label(levy, "household waste budget (2027)", "fr") == "household waste budget (2027)"


def test_the_funder_filter_names_each_funder_in_the_readers_language(client, data):
    import_catalogue(data)
    funder = _item(data)["funder"]
    html = _page_of(client, "fr", "funding:index")
    assert f'<option value="{funder}">[FR] {funder}</option>' in html
    # The filter still selects by the catalogue's own value.
    with translation.override("fr"):
        url = reverse("funding:index")
    filtered = client.get(url, {"funder": funder}).content.decode()
    assert f"[FR] {_item(data)['name']}" in filtered and "Erasmus+" not in filtered
