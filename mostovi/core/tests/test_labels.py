"""No code reaches a reader: every code of every vocabulary has a translated label, an unknown one a neutral
word."""

import ast
import importlib
import pkgutil
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

import mostovi
from mostovi.core import events
from mostovi.core.labels import choice_label, territory_name, unknown
from mostovi.projects.models import DocumentCategory, Phase
from mostovi.projects.templatetags.project_tags import category_label, event_entry, phase_label
from mostovi.themes.catalogue import THEMES, theme_label

ROOT = Path(mostovi.__file__).parent
KIND = re.compile(r"[a-z_]+\.[a-z_]+\Z")
# Codes of public registries, named by their own acronyms in every language (INSEE, SIREN, NSI, RZS, LAU…).
PROPER_NAMES = {"mostovi.directory.models.CodeScheme"}


def _all_choices() -> list[type[models.Choices]]:
    for module in pkgutil.walk_packages(mostovi.__path__, "mostovi."):
        if module.name.endswith(".models"):
            importlib.import_module(module.name)
    found, todo = [], list(models.Choices.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("mostovi.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def _constants(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _constants(node.body)
        yield from _constants(node.orelse)


def recorded_kinds() -> set[str]:
    """Every kind the code records: `event_record(kind=...)` and the apps' `_record(actor, kind, ...)`."""
    kinds = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in ("event_record", "_record"):
                    values = [kw.value for kw in node.keywords if kw.arg == "kind"] + list(node.args[:2])
                    kinds |= {c for v in values for c in _constants(v) if KIND.match(c)}
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "EVENT_KIND" for t in node.targets
            ):
                kinds |= set(_constants(node.value))
    return kinds


def test_the_scan_finds_the_kinds_of_every_app():
    kinds = recorded_kinds()
    prefixes = {kind.split(".")[0] for kind in kinds}
    assert {"project", "funding", "funding_plan", "evaluation", "exchange", "membership"} <= prefixes
    assert {"funding.exchange_rate_set", "responsibility.moved", "user.deactivated"} <= kinds


def test_every_choice_of_every_vocabulary_has_a_translated_label():
    vocabularies = _all_choices()
    names = {f"{c.__module__}.{c.__name__}" for c in vocabularies}
    # The vocabularies named in issue 15 are among those checked.
    assert {"mostovi.projects.models.DocumentCategory", "mostovi.funding.models.RuleKind"} <= names
    assert {"mostovi.projects.models.Phase", "mostovi.evaluation.models.ReviewStatus"} <= names
    missing = [
        f"{cls.__module__}.{cls.__name__}.{member.value}"
        for cls in vocabularies
        if f"{cls.__module__}.{cls.__name__}" not in PROPER_NAMES
        for member in cls
        if not isinstance(member.label, Promise)
    ]
    assert missing == []


def test_every_theme_of_the_catalogue_has_a_translated_label():
    for slug, (label, _codes) in THEMES.items():
        assert isinstance(label, Promise), slug
        with translation.override("fr"):
            assert theme_label(slug) != slug


@pytest.mark.parametrize("kind", sorted(recorded_kinds() | set(events.registered())))
def test_every_kind_of_event_has_a_sentence(kind):
    entry = events.get(kind)
    if entry is not None and entry.sentence is None:
        # A kind registered for notifications only (never recorded in the journal) says it there.
        assert entry.notification is not None
        assert kind not in recorded_kinds()
        return
    text = event_entry(SimpleNamespace(kind=kind, data={}))["text"]
    assert text != kind
    assert text != events.fallback_sentence()


def test_an_unknown_code_reads_as_a_neutral_word():
    with translation.override("en"):
        assert unknown() == "not listed"
        assert theme_label("water-sanitation-old") == "not listed"
        assert phase_label("dormant") == "not listed"
        assert category_label("A99") == "not listed"
        assert choice_label(DocumentCategory, "") == ""
        assert choice_label(Phase, "funding") == "Funding"
        assert territory_name("ZZ9") == "not listed"
        assert event_entry(SimpleNamespace(kind="x.unheard_of", data={}))["text"] == "made a change"


def test_a_country_outside_the_platform_is_named_in_the_reader_language():
    with translation.override("fr"):
        assert territory_name("DE") == "Allemagne"
    with translation.override("sr-latn"):
        assert territory_name("XK") == "Kosovo"
