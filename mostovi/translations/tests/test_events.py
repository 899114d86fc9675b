from django.utils import translation

from mostovi.core import events


def test_a_translation_says_what_was_translated_into_which_language():
    with translation.override("en"):
        sentence = events.sentence(
            "translation.saved", {"content": "mission", "field": "findings", "language": "sr", "version": 2}
        )
    assert sentence == "translated findings into Serbian (version 2 of the original)"
