"""Serbian in the reader's script; Latin readings of Cyrillic."""

import pytest

from mostovi.core.scripts import for_reader, latin_reading, to_serbian_cyrillic


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Ниш — Милица Петровић", "sr", "Niš — Milica Petrović"),
        ("Љубљана, Његош, Џеп", "sr", "Ljubljana, Njegoš, Džep"),
        ("Столична", "bg", "Stolichna"),
        ("София", "bg", "Sofia"),
        ("Ѓорче Петров, Кичево", "mk", "Gjorche Petrov, Kichevo"),
        ("Lyon", "fr", "Lyon"),
        ("Без језика", "", "Bez jezika"),
    ],
)
def test_a_serbian_latin_reader_sees_every_cyrillic_text_in_latin(text, language, expected):
    assert for_reader(text, language, "sr-latn") == expected


def test_a_serbian_cyrillic_reader_sees_serbian_latin_text_in_cyrillic():
    assert for_reader("Niš — Milica Petrović", "sr-Latn", "sr") == "Ниш — Милица Петровић"
    assert for_reader("Ljubljana i Njegoš", "sr", "sr") == "Љубљана и Његош"


@pytest.mark.parametrize("language", ["fr", "en", "", "sq"])
def test_latin_text_not_known_to_be_serbian_stays_latin_for_a_cyrillic_reader(language):
    assert for_reader("Métropole de Lyon, mission d'expertise", language, "sr") == (
        "Métropole de Lyon, mission d'expertise"
    )


def test_addresses_acronyms_and_foreign_words_stay_as_written_inside_serbian_text():
    text = "Vidi https://nis.rs/plan i piši na info@nis.rs, projekat EU i NALAS, radionica Wi-Fi"
    assert to_serbian_cyrillic(text) == (
        "Види https://nis.rs/plan и пиши на info@nis.rs, пројекат EU и NALAS, радионица Wi-Fi"
    )


@pytest.mark.parametrize("reader", ["fr", "en", "bg", "sq", "mk"])
def test_other_readers_see_text_as_written(reader):
    assert for_reader("Ниш", "sr", reader) == "Ниш"
    assert for_reader("Niš", "sr-Latn", reader) == "Niš"


def test_macedonian_cyrillic_gets_a_latin_reading_for_latin_readers_only():
    assert latin_reading("Куманово", "mk", "fr") == "Kumanovo"
    assert latin_reading("Куманово", "mk", "mk") == ""
    assert latin_reading("Kumanovo", "mk", "en") == ""


def test_a_page_in_serbian_latin_keeps_markup_attributes_and_textareas():
    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        "{% load scripts %}{% filter for_reader %}"
        '<label for="t">Ниш &amp; Лесковац</label><input value="Ниш" title="Ниш">'
        '<textarea name="t">Обука техничара</textarea><p lang="bg">Столична щъркел</p>'
        "{% endfilter %}"
    )
    with translation.override("sr-latn"):
        html = template.render(Context())
    assert html == (
        '<label for="t">Niš &amp; Leskovac</label><input value="Ниш" title="Ниш">'
        '<textarea name="t">Обука техничара</textarea><p lang="bg">Stolichna shtarkel</p>'
    )
    with translation.override("fr"):
        assert template.render(Context()).startswith('<label for="t">Ниш &amp; Лесковац</label>')


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("sr", "у име организације Ниш, носилац Ненад Илић (Ниш)"),
        ("sr-latn", "u ime organizacije Niš, nosilac Nenad Ilić (Niš)"),
        ("fr", "у име организације Ниш (Niš), носилац Ненад Илић (Ниш (Niš))"),
    ],
)
def test_a_latin_reading_in_brackets_goes_for_serbian_readers(reader, expected):
    text = "у име организације Ниш (Niš), носилац Ненад Илић (Ниш (Niš))"
    assert for_reader(text, "", reader) == expected


def test_a_bracket_that_is_not_a_reading_stays():
    assert for_reader("Ниш (Serbie)", "", "sr") == "Ниш (Serbie)"
