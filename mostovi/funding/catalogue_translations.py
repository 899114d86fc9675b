"""The funding catalogue's translations (`data/reference/funding/translations/<language>.json`).

One file per interface language other than English (Serbian Latin reads the Serbian file transliterated):

    {"language": "fr", "source": "" or an address,
     "instruments": {slug: {"of": digest of the instrument's English texts when it was translated,
                            "name": ..., "funder": ..., (every text of `texts.INSTRUMENT_FIELDS`),
                            "required_documents": [...], "rules": [...], "calls": [...]}},
     "labels": {English text of a rule's params: translation}}

Rules and call titles are matched by their position in the instrument's lists. An instrument whose English
changed since it was translated ("of" no longer matches) keeps no translation in that language until it is
translated again: the import counts it as stale and the pages show its English, marked as such.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .catalogue import texts

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES if code not in (texts.ORIGINAL, "sr-latn"))


def instrument_digest(item: dict) -> str:
    """The fingerprint of every English text of one instrument of the catalogue file."""
    parts = [item.get(field) or "" for field in texts.INSTRUMENT_FIELDS if field != "required_documents"]
    parts += list(item.get("required_documents") or [])
    parts += [rule.get("text") or "" for rule in item.get("rules") or [] if isinstance(rule, dict)]
    parts += [call.get("title") or "" for call in item.get("calls") or [] if isinstance(call, dict)]
    return texts.digest(parts)


def read_all(directory: Path) -> dict:
    """{language: file content} of the translation files in `directory` (none if it does not exist)."""
    found = {}
    if not directory.is_dir():
        return found
    for path in sorted(directory.glob("*.json")):
        try:
            found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            found[path.stem] = {"_error": str(exc)}
    return found


def _strings(value, count: int | None = None) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(item, str) for item in value)
        and (count is None or len(value) == count)
    )


def _rule_entry(value: str, rule: dict, labels: dict) -> dict:
    entry = texts.entry_for({"text": value}, {"text": rule.get("text") or ""})
    found = {
        english: labels[english] for english in texts.param_labels(rule.get("params")) if labels.get(english)
    }
    if found:
        entry["labels"] = found
    return entry


def validate(raw: dict, items: dict[str, dict], errors: list[str]) -> dict:
    """Check every translation file against the catalogue's instruments (`items`: slug → file item).

    Answers {slug: {language: {"instrument": entry, "rules": [entry, ...], "calls": [entry, ...]}}} for the
    current translations, and {"stale": [(language, slug), ...]} under the key None.
    """
    out: dict = {None: {"stale": []}}
    for language, content in raw.items():
        where = f"translations/{language}.json"
        if language not in LANGUAGES:
            errors.append(
                _("%(where)s: “%(language)s” is not an interface language to translate into.")
                % {"where": where, "language": language}
            )
            continue
        if (
            not isinstance(content, dict)
            or "_error" in content
            or not isinstance(content.get("instruments"), dict)
        ):
            errors.append(_("%(where)s is not a translation of the catalogue.") % {"where": where})
            continue
        if content.get("language") != language:
            errors.append(
                _("%(where)s: its “language” must be “%(language)s”.")
                % {"where": where, "language": language}
            )
        source = content.get("source") or ""
        labels = content.get("labels") or {}
        if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
            errors.append(_("%(where)s: “labels” must map texts to texts.") % {"where": where})
            labels = {}
        for slug, entry in content["instruments"].items():
            ewhere = f"{where} {slug}"
            item = items.get(slug)
            if item is None:
                errors.append(_("%(where)s: no instrument has this slug.") % {"where": ewhere})
                continue
            if not isinstance(entry, dict):
                errors.append(_("%(where)s is not an object.") % {"where": ewhere})
                continue
            fields = {}
            for field in texts.INSTRUMENT_FIELDS:
                value = entry.get(field, "")
                ok = (
                    _strings(value, len(item.get(field) or []))
                    if field == "required_documents"
                    else isinstance(value, str)
                )
                if not ok:
                    errors.append(
                        _("%(where)s: “%(field)s” does not match the catalogue.")
                        % {"where": ewhere, "field": field}
                    )
                fields[field] = value
            rules, calls = item.get("rules") or [], item.get("calls") or []
            for key, originals in (("rules", rules), ("calls", calls)):
                if not _strings(entry.get(key, []), len(originals)):
                    errors.append(
                        _("%(where)s: “%(field)s” must list %(count)s texts, in the catalogue's order.")
                        % {"where": ewhere, "field": key, "count": len(originals)}
                    )
            if entry.get("of") != instrument_digest(item):
                out[None]["stale"].append((language, slug))
                continue
            out.setdefault(slug, {})[language] = {
                "instrument": texts.entry_for(fields, item, source),
                "rules": [
                    _rule_entry(value, rule, labels)
                    for value, rule in zip(entry.get("rules", []), rules, strict=False)
                ],
                "calls": [
                    texts.entry_for({"title": value}, {"title": call.get("title") or ""})
                    for value, call in zip(entry.get("calls", []), calls, strict=False)
                ],
            }
    return out
