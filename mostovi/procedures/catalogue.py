"""The procedures of each country, read from the data files in `data/` (one YAML file per country).

A step is what a local authority's bodies do to enter, fund, amend or end an international cooperation
agreement. Every step has a source address with the date it was checked, or `unverified: true`: an
unverified step is shown as "to be confirmed with the national association" and never closes a gate.
`load()` validates every file and refuses the whole catalogue when one step is wrong (`CatalogueError`),
so a reviewer's typo is caught by the tests, not by a partner.
"""

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.utils.translation import get_language

from mostovi.core.i18n import to_latin

DATA = Path(__file__).resolve().parent / "data"

STAGES = ("enter", "fund", "amend", "end")
DECIDERS = ("council", "assembly", "mayor", "government", "administration")
PHASES = ("", "joint_definition", "funding", "implementation", "evaluation", "closed")
REQUIRED = ("id", "stage", "phase", "mandatory", "decided_by", "document", "typical_days", "title", "why")


class CatalogueError(ValueError):
    """A data file breaks the rules of the catalogue (the message names the file and the step)."""


def _pick(texts: dict, language: str | None) -> str:
    """The text in `language`, Serbian Latin from the Cyrillic, else English."""
    language = (language or get_language() or "en").lower()
    if language in texts:
        return texts[language]
    if language == "sr-latn" and "sr" in texts:
        return to_latin(texts["sr"])
    return texts.get(language.split("-")[0]) or texts["en"]


@dataclass(frozen=True)
class Step:
    id: str
    country: str
    order: int
    stage: str
    phase: str
    mandatory: bool
    decided_by: str
    document: str
    typical_days: int
    titles: dict
    whys: dict
    source: str = ""
    checked_on: datetime.date | None = None
    unverified: bool = False
    entity: str = ""

    def title(self, language: str | None = None) -> str:
        return _pick(self.titles, language)

    def why(self, language: str | None = None) -> str:
        return _pick(self.whys, language)

    @property
    def blocks_gate(self) -> bool:
        """A mandatory, sourced step of entering the agreement: the gate into its phase waits for it."""
        return self.mandatory and not self.unverified and bool(self.phase)


@dataclass(frozen=True)
class Country:
    code: str
    national_association: str
    levels_notes: dict = field(default_factory=dict)
    steps: tuple[Step, ...] = ()

    def levels_note(self, language: str | None = None) -> str:
        return _pick(self.levels_notes, language) if self.levels_notes else ""


def _step(raw: dict, *, country: str, order: int, where: str) -> Step:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: a step must be a mapping")
    missing = [key for key in REQUIRED if key not in raw]
    if missing:
        raise CatalogueError(f"{where}: missing {', '.join(missing)}")
    where = f"{where} ({raw['id']})"
    if raw["stage"] not in STAGES:
        raise CatalogueError(f"{where}: stage must be one of {STAGES}")
    if raw["decided_by"] not in DECIDERS:
        raise CatalogueError(f"{where}: decided_by must be one of {DECIDERS}")
    if raw["phase"] not in PHASES:
        raise CatalogueError(f"{where}: phase must be one of {PHASES}")
    if not isinstance(raw["mandatory"], bool):
        raise CatalogueError(f"{where}: mandatory must be true or false")
    if not isinstance(raw["typical_days"], int) or raw["typical_days"] < 0:
        raise CatalogueError(f"{where}: typical_days must be a whole number of days")
    for key in ("title", "why"):
        if not isinstance(raw[key], dict) or not raw[key].get("en"):
            raise CatalogueError(f"{where}: {key} needs at least its English text (en)")
    unverified = raw.get("unverified", False)
    source = raw.get("source", "")
    checked_on = raw.get("checked_on")
    if unverified is not True:
        if not (isinstance(source, str) and source.startswith(("http://", "https://"))):
            raise CatalogueError(f"{where}: a step needs a source address, or unverified: true")
        if not isinstance(checked_on, datetime.date):
            raise CatalogueError(f"{where}: a sourced step needs checked_on (YYYY-MM-DD)")
    return Step(
        id=raw["id"],
        country=country,
        order=order,
        stage=raw["stage"],
        phase=raw["phase"],
        mandatory=raw["mandatory"],
        decided_by=raw["decided_by"],
        document=str(raw["document"]),
        typical_days=raw["typical_days"],
        titles=dict(raw["title"]),
        whys=dict(raw["why"]),
        source=source if unverified is not True else "",
        checked_on=checked_on if unverified is not True else None,
        unverified=unverified is True,
        entity=str(raw.get("entity", "")),
    )


def parse(text: str, *, name: str) -> Country:
    """One country's file, validated."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CatalogueError(f"{name}: not valid YAML ({error})") from error
    if not isinstance(raw, dict) or not isinstance(raw.get("country"), str):
        raise CatalogueError(f"{name}: a file names its country")
    code = raw["country"]
    if not isinstance(raw.get("steps"), list):
        raise CatalogueError(f"{name}: a file lists its steps")
    steps = tuple(
        _step(item, country=code, order=n, where=f"{name} step {n}") for n, item in enumerate(raw["steps"], 1)
    )
    return Country(
        code=code,
        national_association=str(raw.get("national_association", "")),
        levels_notes=dict(raw.get("levels_note") or {}),
        steps=steps,
    )


@functools.cache
def load(directory: Path = DATA) -> dict[str, Country]:
    """Every country's procedure, by ISO code; step ids are unique across countries."""
    countries, seen = {}, set()
    for path in sorted(directory.glob("*.yaml")):
        country = parse(path.read_text(encoding="utf-8"), name=path.name)
        if country.code in countries:
            raise CatalogueError(f"{path.name}: country {country.code} is described twice")
        for step in country.steps:
            if step.id in seen:
                raise CatalogueError(f"{path.name}: step id {step.id} is used twice")
            seen.add(step.id)
        countries[country.code] = country
    return countries


def steps_of(country: str) -> tuple[Step, ...]:
    found = load().get(country or "")
    return found.steps if found else ()


def step_get(step_id: str) -> Step | None:
    for country in load().values():
        for step in country.steps:
            if step.id == step_id:
                return step
    return None


@dataclass(frozen=True)
class Term:
    id: str
    country: str
    term: str
    definitions: dict
    decider: str = ""
    source: str = ""
    checked_on: datetime.date | None = None
    unverified: bool = False

    def definition(self, language: str | None = None) -> str:
        return _pick(self.definitions, language)


def parse_glossary(text: str, *, name: str) -> tuple[Term, ...]:
    raw = yaml.safe_load(text) or {}
    terms = []
    for n, item in enumerate(raw.get("terms") or [], 1):
        where = f"{name} term {n}"
        if not isinstance(item, dict) or not item.get("id") or not item.get("term"):
            raise CatalogueError(f"{where}: a term needs an id and its words")
        if not isinstance(item.get("definition"), dict) or not item["definition"].get("en"):
            raise CatalogueError(f"{where} ({item['id']}): a term needs at least its English definition")
        if item.get("decider", "") and item["decider"] not in DECIDERS:
            raise CatalogueError(f"{where} ({item['id']}): decider must be one of {DECIDERS}")
        unverified = item.get("unverified", False) is True
        if not unverified and not (
            str(item.get("source", "")).startswith(("http://", "https://"))
            and isinstance(item.get("checked_on"), datetime.date)
        ):
            raise CatalogueError(
                f"{where} ({item['id']}): a source address and checked_on, or unverified: true"
            )
        terms.append(
            Term(
                id=item["id"],
                country=str(item.get("country", "")),
                term=item["term"],
                definitions=dict(item["definition"]),
                decider=item.get("decider", ""),
                source="" if unverified else item["source"],
                checked_on=None if unverified else item["checked_on"],
                unverified=unverified,
            )
        )
    return tuple(terms)


@functools.cache
def glossary() -> tuple[Term, ...]:
    path = DATA / "glossary" / "terms.yaml"
    return parse_glossary(path.read_text(encoding="utf-8"), name=path.name)


def term_for(country: str, decider: str) -> Term | None:
    """The local word for who decides a step in `country` (the board's tooltip), if the glossary has it."""
    return next((t for t in glossary() if t.country == country and t.decider == decider), None)
