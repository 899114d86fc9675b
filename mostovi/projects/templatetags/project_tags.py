"""Display helpers of the project pages: flags, languages, mentions, readable timeline entries."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from mostovi.core import events
from mostovi.core.formats import format_iso_day
from mostovi.core.labels import choice_label, language_name, territory_name
from mostovi.directory.models import Country
from mostovi.themes.catalogue import theme_label

from ..models import ActivityStatus, DocumentCategory, Phase, ProjectText, Visibility
from ..services.documents import MENTION

register = template.Library()


@register.filter(name="theme_label")
def theme_label_filter(slug) -> str:
    """A catalogue theme's name in the reader's language ("not listed" for a slug outside the catalogue)."""
    return theme_label(str(slug))


@register.filter
def flag(code: str) -> str:
    """The emoji flag of a country code (decorative: show the code or name next to it)."""
    code = (code or "").upper()
    if len(code) != 2 or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(ch) - ord("A")) for ch in code)


@register.filter
def country_name(code: str) -> str:
    return choice_label(Country, code) if code in Country.values else territory_name(code)


@register.filter
def language_label(code: str) -> str:
    """The name of a language in the reader's language, as written in a sentence ("français", "French")."""
    return language_name(code)


@register.filter
def phase_label(code: str) -> str:
    return choice_label(Phase, code)


@register.filter
def visibility_label(code: str) -> str:
    return choice_label(Visibility, code)


@register.filter
def with_mentions(text: str) -> str:
    """The message escaped, its @e-mail mentions marked, its line breaks kept."""
    escaped = escape(text or "")
    marked = MENTION.sub(lambda m: f'<mark class="mention">{m.group(0)}</mark>', escaped)
    return mark_safe("<br>".join(marked.splitlines()))  # noqa: S308 - escaped above


@register.simple_tag
def text_of(project, field: str) -> ProjectText | None:
    from ..selectors import project_text

    return project_text(project, field)


def _field_label(field: str) -> str:
    labels = {
        "visibility": _("Visibility"),
        "themes": _("Themes"),
        "dac_sectors": _("DAC sector codes"),
        "locations": _("Locations"),
        "working_languages": _("Languages of work"),
        "planned_start": _("Planned start"),
        "planned_end": _("Planned end"),
        "actual_start": _("Actual start"),
        "actual_end": _("Actual end"),
        "title": _("Title"),
        "summary": _("Summary"),
        "terms_of_reference": _("Terms of reference"),
        "team": _("Team"),
        "places": _("Places visited"),
        "starts_on": _("From"),
        "ends_on": _("To"),
        "findings": _("Findings"),
        "recommendations": _("Recommendations"),
    }
    return labels.get(field, field)


def _value(field: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if field == "visibility":
        return visibility_label(value)
    if field == "themes" and isinstance(value, list):
        return ", ".join(theme_label(str(v)) for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(format_iso_day(value))


@register.filter
def event_entry(event) -> dict:
    """What an event says, readably: a sentence and the changes (field, old → new)."""
    data = event.data or {}
    kind = event.kind
    changes = []
    sentences = {
        "project.created": _("created the project"),
        "project.deleted": _("deleted the project"),
        "project.restored": _("restored the project"),
        "project.roles_set": _("named the responsible people of a partner"),
        "project.participant_added": _("added a participant"),
        "activity.deleted": _("deleted an activity"),
        "activity.restored": _("restored an activity"),
        "comment.posted": _("posted a message in the discussion"),
    }
    if kind in sentences:
        text = sentences[kind]
        if data.get("title") and kind != "project.created":
            text = f"{text}: {data['title']}"
    elif kind == "project.updated":
        text = _("changed the project's details")
        changes = [
            (_field_label(f), _value(f, old), _value(f, new))
            for f, (old, new) in data.get("changes", {}).items()
        ]
    elif kind == "mission.updated":
        text = _("changed the expertise mission")
        changes = [
            (_field_label(f), _value(f, old), _value(f, new))
            for f, (old, new) in data.get("changes", {}).items()
        ]
    elif kind in ("project.text_added", "project.text_changed"):
        text = (
            _("added the %(field)s in %(language)s")
            if kind.endswith("added")
            else _("changed the %(field)s in %(language)s")
        ) % {
            "field": _field_label(data.get("field", "")).lower(),
            "language": language_label(data.get("language")),
        }
        changes = [
            (_field_label(data.get("field", "")), _value("", data.get("old")), _value("", data.get("new")))
        ]
    elif kind == "responsibility.moved":
        from mostovi.projects.continuity import describe, responsibility_label

        text = describe(data)
        responsibility = data.get("responsibility")
        label = responsibility_label(responsibility) or (
            _("Deputy") if responsibility == "partner.deputy" else _("Responsible")
        )
        changes = [(label, data.get("old", ""), data.get("new") or _("not named"))]
    elif kind == "project.partner_added":
        text = _("added the partner %(name)s") % {"name": data.get("name", "")}
    elif kind == "project.phase_changed":
        text = _("moved the project to a new phase")
        changes = [(_("Phase"), phase_label(data.get("old")), phase_label(data.get("new")))]
        if data.get("reason"):
            changes.append((_("Reason"), "", data["reason"]))
    elif kind == "mission.recorded":
        text = _("recorded the expertise mission: %(title)s") % {"title": data.get("title", "")}
    elif kind == "mission.accepted":
        text = _("accepted the expertise mission report for %(name)s") % {"name": data.get("name", "")}
    elif kind == "programme.version_created":
        text = _("saved version %(version)s of the programme") % {"version": data.get("version")}
    elif kind == "programme.approved":
        text = _("approved version %(version)s of the programme for %(name)s") % {
            "version": data.get("version"),
            "name": data.get("name", ""),
        }
    elif kind == "activity.created":
        text = _("added the activity: %(title)s") % {"title": data.get("title", "")}
    elif kind == "activity.status_set":
        text = _("brought the status of the activity up to date: %(title)s") % {
            "title": data.get("title", "")
        }
        changes = [
            (
                _("Status"),
                choice_label(ActivityStatus, data.get("old")),
                choice_label(ActivityStatus, data.get("new")),
            )
        ]
    elif kind == "document.uploaded":
        text = _("uploaded the document: %(title)s") % {"title": data.get("title", "")}
    elif kind == "document.version_added":
        text = _("uploaded version %(version)s of the document: %(title)s") % {
            "version": data.get("version"),
            "title": data.get("title", ""),
        }
    elif kind == "document.deleted":
        text = _("deleted the document: %(title)s") % {"title": data.get("title", "")}
    elif (registered := events.sentence(kind, data)) is not None:
        # The kinds of the apps above projects (evaluation, funding), registered in their ready().
        text = registered
        changes = events.changes(kind, data)
    else:
        text = events.fallback_sentence()
    if data.get("provisional"):
        # Done by a provisional member (invited by one partner): recorded, counted once confirmed.
        text = _("%(text)s (as a provisional member)") % {"text": text}
    return {"text": text, "changes": changes}


@register.filter
def category_label(code: str) -> str:
    return choice_label(DocumentCategory, code)


@register.simple_tag
def lookup(mapping, key):
    try:
        return mapping.get(key, "") if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return ""


@register.simple_tag
def mark_changed(old: str, new: str):
    """Old and new values with <del>/<ins> and a text label each (not colour alone)."""
    return format_html(
        '<del><span class="visually-hidden">{}</span>{}</del> → '
        '<ins><span class="visually-hidden">{}</span>{}</ins>',
        _("Before:"),
        old or "—",
        _("After:"),
        new or "—",
    )
