"""Load the funding catalogue (`data/reference/funding/instruments.json`): validate everything, then write.

All or nothing: one invalid rule and nothing is written. Idempotent: a second run changes no row and adds no
history. Instruments are matched by slug, rules by their position in the instrument's list, calls by title;
rules and calls the file no longer lists are removed. Instruments absent from the file are left alone.
The translations of `translations/<language>.json` beside the file come with it (`catalogue_translations`).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.core.services import event_record
from mostovi.themes.catalogue import THEMES
from mostovi.themes.models import Theme

from . import catalogue_translations
from .catalogue import texts
from .catalogue.params import validate_params
from .models import Call, Instrument, InstrumentKind, Rule, RuleKind

DEFAULT_PATH = Path(settings.BASE_DIR) / "data" / "reference" / "funding" / "instruments.json"

# The instrument's single texts: those a reader reads in their language (`catalogue.texts`), and its website.
INSTRUMENT_TEXTS = (*(f for f in texts.INSTRUMENT_FIELDS if f != "required_documents"), "website")


class CatalogueError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _date(value, where: str, errors: list[str], *, required: bool) -> date | None:
    if value in (None, ""):
        if required:
            errors.append(_("%(where)s: a date is required.") % {"where": where})
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        errors.append(
            _("%(where)s: “%(value)s” is not a date (YYYY-MM-DD).") % {"where": where, "value": value}
        )
        return None


def _url(value, where: str, errors: list[str], *, required: bool) -> None:
    if not value:
        if required:
            errors.append(_("%(where)s: a source address is required.") % {"where": where})
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        errors.append(_("%(where)s: “%(value)s” is not a web address.") % {"where": where, "value": value})


def _official_name(item, where: str, errors: list[str]) -> dict:
    official = item.get("official_name")
    if official is None:
        return {"official_name": "", "official_name_language": "", "official_name_source": ""}
    if not isinstance(official, dict) or not official.get("name") or not official.get("language"):
        errors.append(_("%(where)s: an official name needs its name and language.") % {"where": where})
        return {}
    _url(official.get("source"), f"{where} official name", errors, required=True)
    return {
        "official_name": official["name"],
        "official_name_language": official["language"],
        "official_name_source": official.get("source") or "",
    }


def validate(data, stale: list | None = None) -> list[dict]:
    """Check the whole file; answer clean instrument dicts, or raise CatalogueError (every problem).

    `stale` receives the (language, slug) of the translations made from an older English text."""
    errors: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("instruments"), list):
        raise CatalogueError([_("The catalogue must be an object with a list “instruments”.")])
    clean = []
    slugs = set()
    for index, item in enumerate(data["instruments"]):
        if not isinstance(item, dict):
            errors.append(_("Instrument #%(n)s is not an object.") % {"n": index + 1})
            continue
        slug = item.get("slug") or ""
        where = slug or f"#{index + 1}"
        if not slug or slug in slugs:
            errors.append(_("%(where)s: the slug is missing or repeated.") % {"where": where})
        slugs.add(slug)
        for key in ("name", "funder"):
            if not (isinstance(item.get(key), str) and item[key].strip()):
                errors.append(_("%(where)s: “%(key)s” is required.") % {"where": where, "key": key})
        if item.get("kind") not in InstrumentKind.values:
            errors.append(
                _("%(where)s: “%(kind)s” is not a kind of instrument.")
                % {"where": where, "kind": item.get("kind")}
            )
        unknown_themes = [t for t in item.get("themes", []) if t not in THEMES]
        if unknown_themes:
            errors.append(
                _("%(where)s: unknown themes %(themes)s.")
                % {"where": where, "themes": ", ".join(unknown_themes)}
            )
        _url(item.get("website"), f"{where} website", errors, required=False)
        for source in item.get("sources", []):
            _url(
                source.get("url") if isinstance(source, dict) else None,
                f"{where} source",
                errors,
                required=True,
            )
        entry = {key: (item.get(key) or "") for key in INSTRUMENT_TEXTS}
        entry.update(_official_name(item, where, errors))
        entry.update(
            slug=slug,
            kind=item.get("kind"),
            themes=sorted(set(item.get("themes", []))),
            required_documents=list(item.get("required_documents", [])),
            sources=list(item.get("sources", [])),
            is_active=bool(item.get("is_active", True)),
            checked_on=_date(item.get("checked_on", data.get("checked_on")), where, errors, required=False),
            rules=[],
            calls=[],
        )
        for position, rule in enumerate(item.get("rules", [])):
            rwhere = f"{where} rule {position + 1}"
            if not isinstance(rule, dict):
                errors.append(_("%(where)s is not an object.") % {"where": rwhere})
                continue
            kind = rule.get("kind")
            if kind not in RuleKind.values:
                errors.append(
                    _("%(where)s: “%(kind)s” is not a kind of rule.") % {"where": rwhere, "kind": kind}
                )
            else:
                errors.extend(f"{rwhere}: {problem}" for problem in validate_params(kind, rule.get("params")))
            _url(rule.get("source"), rwhere, errors, required=True)
            if not isinstance(rule.get("verified"), bool):
                errors.append(_("%(where)s: “verified” must be true or false.") % {"where": rwhere})
            entry["rules"].append(
                {
                    "position": position,
                    "kind": kind,
                    "params": rule.get("params"),
                    "text": rule.get("text") or "",
                    "source": rule.get("source") or "",
                    "checked_on": _date(rule.get("checked_on"), rwhere, errors, required=True),
                    "verified": rule.get("verified") is True,
                }
            )
        titles = set()
        for number, call in enumerate(item.get("calls", [])):
            cwhere = f"{where} call {number + 1}"
            title = call.get("title") if isinstance(call, dict) else None
            if not title or title in titles:
                errors.append(_("%(where)s: the title is missing or repeated.") % {"where": cwhere})
                continue
            titles.add(title)
            opens = _date(call.get("opens_on"), cwhere, errors, required=False)
            closes = _date(call.get("closes_on"), cwhere, errors, required=False)
            if opens and closes and closes < opens:
                errors.append(_("%(where)s: it closes before it opens.") % {"where": cwhere})
            _url(call.get("source"), cwhere, errors, required=True)
            entry["calls"].append(
                {
                    "title": title,
                    "opens_on": opens,
                    "closes_on": closes,
                    "source": call.get("source") or "",
                    "checked_on": _date(call.get("checked_on"), cwhere, errors, required=True),
                    "verified": call.get("verified", True) is True,
                }
            )
        clean.append(entry)
    if "translations" in data:
        items = {item.get("slug"): item for item in data["instruments"] if isinstance(item, dict)}
        translated = catalogue_translations.validate(data["translations"] or {}, items, errors)
        for entry in clean:
            entry["translated"] = translated.get(entry["slug"], {})
        if stale is not None:
            stale.extend(translated[None]["stale"])
    if errors:
        raise CatalogueError(errors)
    return clean


def read(path: Path | str = DEFAULT_PATH) -> dict:
    """The catalogue file, with the translations found beside it (`translations/<language>.json`)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if isinstance(data, dict) and "translations" not in data:
            data["translations"] = catalogue_translations.read_all(Path(path).parent / "translations")
        return data
    except FileNotFoundError as exc:
        raise CatalogueError([_("No catalogue file at %(path)s.") % {"path": path}]) from exc
    except json.JSONDecodeError as exc:
        raise CatalogueError([_("The catalogue is not valid JSON: %(error)s") % {"error": exc}]) from exc


def _assign(instance, values: dict) -> list[str]:
    changed = [key for key, value in values.items() if getattr(instance, key) != value]
    for key in changed:
        setattr(instance, key, values[key])
    return changed


def _translated(items: list[dict], translated: dict | None, key: str) -> None:
    """Give each rule or call dict its translations (by position), when the file came with translations."""
    if translated is None:
        return
    for index, item in enumerate(items):
        item["translations"] = {
            language: parts[key][index] for language, parts in translated.items() if index < len(parts[key])
        }


def _sync_rules(instrument: Instrument, rules: list[dict]) -> int:
    existing = {r.position: r for r in instrument.rules.all()}
    changes = 0
    for rule in rules:
        current = existing.pop(rule["position"], None)
        if current is None:
            Rule.objects.create(instrument=instrument, **rule)
            changes += 1
        elif _assign(current, rule):
            current.save()
            changes += 1
    for stale in existing.values():
        stale.delete()
        changes += 1
    return changes


def _sync_calls(instrument: Instrument, calls: list[dict]) -> int:
    existing = {c.title: c for c in instrument.calls.all()}
    changes = 0
    for call in calls:
        current = existing.pop(call["title"], None)
        if current is None:
            Call.objects.create(instrument=instrument, **call)
            changes += 1
        elif _assign(current, call):
            current.save()
            changes += 1
    for stale in existing.values():
        stale.delete()
        changes += 1
    return changes


def import_catalogue(data: dict, *, actor=None) -> dict:
    """Validate then write everything in one transaction; answer counts."""
    summary = {"created": 0, "updated": 0, "unchanged": 0, "stale": []}
    entries = validate(data, stale=summary["stale"])
    themes = {t.slug: t for t in Theme.objects.all()}
    with transaction.atomic():
        for entry in entries:
            rules, calls, theme_slugs = entry.pop("rules"), entry.pop("calls"), entry.pop("themes")
            slug = entry.pop("slug")
            translated = entry.pop("translated", None)
            if translated is not None:
                entry["translations"] = {
                    language: parts["instrument"] for language, parts in translated.items()
                }
            _translated(rules, translated, "rules")
            _translated(calls, translated, "calls")
            instrument = (
                Instrument.objects.filter(slug=slug).prefetch_related("rules", "calls", "themes").first()
            )
            created = instrument is None
            if created:
                instrument = Instrument.objects.create(slug=slug, **entry)
                changed = ["created"]
            else:
                changed = _assign(instrument, entry)
                if instrument.deleted_at is not None:
                    instrument.deleted_at = None
                    changed.append("restored")
                if changed:
                    instrument.save()
            current_themes = sorted(t.slug for t in instrument.themes.all()) if not created else []
            if current_themes != theme_slugs:
                instrument.themes.set([themes[s] for s in theme_slugs if s in themes])
                changed.append("themes")
            if _sync_rules(instrument, rules):
                changed.append("rules")
            if _sync_calls(instrument, calls):
                changed.append("calls")
            if created:
                summary["created"] += 1
            elif changed:
                summary["updated"] += 1
            else:
                summary["unchanged"] += 1
            if changed:
                event_record(
                    actor=actor,
                    kind="funding.instrument_imported",
                    target=instrument,
                    data={"slug": slug, "changed": changed},
                )
    return summary
