"""Every human text of the procedure data reads in every interface language.

A per-language mapping (a step's title and reason, a country's note on its levels, a glossary definition, or
any other mapping keyed by language) holds a non-empty text in English and in each language a reader may
choose; Serbian Latin is not written in the files: the board reads it from the Cyrillic text.
"""

from pathlib import Path

import pytest
import yaml

from mostovi.procedures import catalogue

LANGUAGES = ("en", "fr", "bg", "sr", "mk", "sq")
DERIVED = ("sr-latn",)
TEXT_FIELDS = ("title", "why", "levels_note", "definition")
FILES = sorted(catalogue.DATA.rglob("*.yaml"))


def _is_by_language(key, value) -> bool:
    return isinstance(value, dict) and (key in TEXT_FIELDS or bool(set(value) & {*LANGUAGES, *DERIVED}))


def _walk(node, where: str):
    """(where, field, mapping) of every per-language mapping under `node`, `where` naming its entry."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(
                item, f"{where} {item['id']}" if isinstance(item, dict) and "id" in item else where
            )
    elif isinstance(node, dict):
        for key, value in node.items():
            if _is_by_language(key, value):
                yield where, key, value
            else:
                yield from _walk(value, where)


def gaps(text: str, *, name: str) -> list[str]:
    """What a file lacks, one line per mapping: the file, the entry, the field and the missing languages."""
    problems = []
    for where, key, texts in _walk(yaml.safe_load(text), name):
        missing = [
            lang for lang in LANGUAGES if not (isinstance(texts.get(lang), str) and texts[lang].strip())
        ]
        if missing:
            problems.append(f"{where}: {key} lacks {', '.join(missing)}")
        derived = [lang for lang in DERIVED if lang in texts]
        if derived:
            problems.append(f"{where}: {key} writes {', '.join(derived)} (read from sr)")
    return problems


def test_the_data_files_are_all_checked():
    names = {path.relative_to(catalogue.DATA).as_posix() for path in FILES}
    assert {"FR.yaml", "RS.yaml", "BG.yaml", "glossary/terms.yaml"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.relative_to(catalogue.DATA).as_posix())
def test_every_text_of_the_file_reads_in_every_interface_language(path: Path):
    name = path.relative_to(catalogue.DATA).as_posix()
    assert gaps(path.read_text(encoding="utf-8"), name=name) == []


def test_a_missing_or_empty_language_is_named_with_its_file_and_entry():
    text = """
country: XX
levels_note: {en: Note, fr: Note, bg: Бел, sr: Бел, mk: Бел, sq: Shënim}
steps:
  - id: xx.one
    title: {en: One, fr: Un, bg: Едно, sr: Један, mk: "", sq: Një}
    why: {en: Because, fr: Parce que}
  - id: xx.two
    title: {en: Two, fr: Deux, bg: Две, sr: Два, sr-latn: Dva, mk: Два, sq: Dy}
    why: {en: Because, fr: Car, bg: Защото, sr: Јер, mk: Затоа, sq: Sepse}
terms:
  - id: xx.term
    definition: {fr: Seul}
"""
    assert gaps(text, name="XX.yaml") == [
        "XX.yaml xx.one: title lacks mk",
        "XX.yaml xx.one: why lacks bg, sr, mk, sq",
        "XX.yaml xx.two: title writes sr-latn (read from sr)",
        "XX.yaml xx.term: definition lacks en, bg, sr, mk, sq",
    ]
