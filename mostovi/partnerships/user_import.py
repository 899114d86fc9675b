"""Partnerships uploaded by users as CSV: every line checked first, then all written or none."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.core.exports import sanitize_row
from mostovi.themes.models import Theme

from . import permissions, services
from .exceptions import InvalidInput, NotAllowed
from .models import Kind, Status
from .selectors import authority_find_by_code

COLUMNS = [
    "kind", "authority_a_code", "authority_b_code", "signed_on", "renewed_on", "ends_on", "status", "themes",
    "working_languages", "note",
]  # fmt: skip
MAX_BYTES = 1024 * 1024
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
MAX_LINES = 1000
TEMPLATE_EXAMPLE = [
    "cooperation", "FR:insee:69123", "RS:city:Niš", "2024-03-15", "", "2027-03-14", "active",
    "water-sanitation;public-administration", "fr;sr", "Example line: delete it before uploading.",
]  # fmt: skip


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(sanitize_row(COLUMNS))
    writer.writerow(sanitize_row(TEMPLATE_EXAMPLE))
    return out.getvalue()


@dataclass
class Parsed:
    line: int
    values: dict


@dataclass
class Outcome:
    errors: list[str] = field(default_factory=list)
    lines: list[Parsed] = field(default_factory=list)
    created: list = field(default_factory=list)


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _date(value: str, line: int, errors: list[str]) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        if not ISO_DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        errors.append(
            _("line %(line)d: bad date %(value)s (write YYYY-MM-DD)") % {"line": line, "value": value[:30]}
        )
        return None


def _decode(raw: bytes) -> str | None:
    if b"\x00" in raw:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def check(*, actor, uploaded) -> Outcome:
    """Read and check the whole file; `errors` lists every problem, by line. Nothing is written."""
    outcome = Outcome()
    errors = outcome.errors
    size = getattr(uploaded, "size", None) or 0
    if size > MAX_BYTES:
        errors.append(_("The file is too large (1 MB at most)."))
        return outcome
    text = _decode(uploaded.read(MAX_BYTES + 1))
    if text is None:
        errors.append(_("The file is not a CSV text file in UTF-8: download the template and start from it."))
        return outcome
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    if not header:
        errors.append(_("The file is empty."))
        return outcome
    wrong = [name for name in header if name not in COLUMNS]
    missing = [name for name in COLUMNS if name not in header]
    if wrong:
        errors.append(_("wrong column: %(columns)s") % {"columns": ", ".join(w[:40] for w in wrong)})
    if missing:
        errors.append(_("missing column: %(columns)s") % {"columns": ", ".join(missing)})
    if wrong or missing:
        return outcome
    themes = set(Theme.objects.values_list("slug", flat=True))
    editable = permissions.editing_authority_ids(actor)
    seen: dict[tuple, int] = {}
    for row in reader:
        line = reader.line_num
        if len(outcome.lines) + len(errors) >= MAX_LINES:
            errors.append(_("The file has too many lines (%(max)d at most).") % {"max": MAX_LINES})
            break
        if None in row:
            errors.append(_("line %(line)d: more values than columns") % {"line": line})
            continue
        row = {k: (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        before = len(errors)
        kind = row["kind"]
        if kind not in Kind.values:
            errors.append(
                _("line %(line)d: unknown kind %(kind)s (one of: %(kinds)s)")
                % {"line": line, "kind": kind[:30] or "—", "kinds": ", ".join(Kind.values)}
            )
        authorities = []
        for column in ("authority_a_code", "authority_b_code"):
            code = row[column]
            authority, reason = authority_find_by_code(code)
            if authority is None and reason == "ambiguous":
                errors.append(
                    _(
                        "line %(line)d: authority code %(code)s is used in several countries "
                        "(write it as CC:code, e.g. RS:%(code)s)"
                    )
                    % {"line": line, "code": code[:40]}
                )
            elif authority is None:
                errors.append(
                    _("line %(line)d: unknown authority code %(code)s")
                    % {"line": line, "code": code[:40] or "—"}
                )
            authorities.append(authority)
        if all(authorities):
            if authorities[0].pk == authorities[1].pk:
                errors.append(_("line %(line)d: the two authorities are the same") % {"line": line})
            elif not actor.is_staff and not editable & {a.pk for a in authorities}:
                errors.append(
                    _("line %(line)d: you do not act as officer or elected member for either authority")
                    % {"line": line}
                )
        dates = {name: _date(row[name], line, errors) for name in ("signed_on", "renewed_on", "ends_on")}
        try:
            services.check_dates(**dates)
        except InvalidInput as error:
            errors.append(_("line %(line)d: %(error)s") % {"line": line, "error": error})
        status = row["status"] or Status.UNKNOWN
        if status not in Status.values:
            errors.append(
                _("line %(line)d: unknown status %(status)s (one of: %(statuses)s)")
                % {"line": line, "status": status[:30], "statuses": ", ".join(Status.values)}
            )
        slugs = _split(row["themes"])
        unknown = [s for s in slugs if s not in themes]
        if unknown:
            errors.append(
                _("line %(line)d: unknown theme %(themes)s")
                % {"line": line, "themes": ", ".join(u[:40] for u in unknown)}
            )
        languages = _split(row["working_languages"])
        bad = [tag for tag in languages if not services.LANGUAGE_TAG.match(tag.lower())]
        if bad:
            errors.append(
                _("line %(line)d: not a language code: %(codes)s")
                % {"line": line, "codes": ", ".join(b[:20] for b in bad)}
            )
        if len(row["note"]) > services.NOTE_MAX:
            errors.append(_("line %(line)d: the note is too long") % {"line": line})
        if len(errors) > before:
            continue
        key = (kind, *sorted(a.pk for a in authorities), dates["signed_on"])
        if key in seen:
            errors.append(
                _("line %(line)d: the same partnership as line %(other)d")
                % {"line": line, "other": seen[key]}
            )
            continue
        seen[key] = line
        outcome.lines.append(
            Parsed(
                line,
                {
                    "kind": kind,
                    "authority_ids": [a.pk for a in authorities],
                    **dates,
                    "status": status,
                    "themes": slugs,
                    "working_languages": languages,
                    "note": row["note"],
                },
            )
        )
    if not outcome.lines and not errors:
        errors.append(_("The file has no partnership line."))
    return outcome


def import_csv(*, actor, uploaded) -> Outcome:
    """Check the file, then create every partnership in one transaction — or none when anything is wrong."""
    outcome = check(actor=actor, uploaded=uploaded)
    if outcome.errors:
        return outcome
    try:
        with transaction.atomic():
            for parsed in outcome.lines:
                try:
                    outcome.created.append(services.partnership_create(actor=actor, **parsed.values))
                except (InvalidInput, NotAllowed) as error:
                    outcome.errors.append(
                        _("line %(line)d: %(error)s") % {"line": parsed.line, "error": error}
                    )
            if outcome.errors:
                raise _RollBack
    except _RollBack:
        outcome.created = []
    return outcome


class _RollBack(Exception):
    pass
