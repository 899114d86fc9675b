"""The handover pack as a Word document, rendered with docxtpl from `templates/handover/pack.docx`.

The template (written by `make_docx_template.py`) holds only Jinja tags; here the pack is flattened into
short strings and every label is translated in the reader's language.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

TEMPLATE = Path(__file__).resolve().parent / "templates" / "handover" / "pack.docx"


def text(value) -> str:
    """An original text with its language marked (“Водовод [sr]”) when it is not the reader's."""
    if not isinstance(value, dict):
        return str(value or "")
    if value.get("marked") and value.get("text"):
        return f"{value['text']} [{value['lang']}]"
    return value.get("text") or ""


def labels() -> dict:
    return {
        "the_partnership": _("The partnership"),
        "partners": _("Partners"),
        "kind": _("Kind"),
        "status": _("Status"),
        "since": _("Since"),
        "record": _("Record"),
        "source": _("Source"),
        "joint_projects": _("Joint projects"),
        "phase": pgettext("project", "Phase"),
        "project_page": _("Project page"),
        "partners_roles": _("Partners and who holds which role"),
        "responsible": _("Responsible"),
        "deputy": _("Deputy"),
        "officers": _("Other officers and elected officials"),
        "open_actions": _("Open follow-up actions"),
        "story": _("The story so far"),
        "date": _("Date"),
        "who": _("Who"),
        "what": _("What"),
        "programme": _("Current programme and its approvals"),
        "funding": _("Funding plan and transactions"),
        "category": _("Category"),
        "label": _("Label"),
        "partner": _("Partner"),
        "amount": _("Amount"),
        "instrument": _("Instrument"),
        "transactions": _("Transactions"),
        "type": _("Type"),
        "from": _("From"),
        "to": _("To"),
        "description": _("Description"),
        "indicators": _("Indicators and their latest values"),
        "result": _("Result"),
        "indicator": _("Indicator"),
        "baseline": _("Baseline"),
        "latest_target": _("Latest target"),
        "latest_value": _("Latest approved value"),
        "reviews": _("Joint reviews and their scores"),
        "actions": _("Open follow-up actions"),
        "owner": _("Owner"),
        "due_date": _("Due date"),
        "lessons": _("Lessons learned"),
        "documents": _("Documents"),
        "title": _("Title"),
        "version": _("Version"),
        "link": _("Link"),
    }


def _person(p: dict | None) -> str:
    if not p:
        return _("nobody is named")
    shown = f"{p['name']} — {p['role']}"
    if p.get("left"):
        shown += f" ({_('has left')})"
    if p.get("expected_end_on"):
        shown += " (" + _("expected to leave on %(on)s") % {"on": p["expected_end_on"]} + ")"
    return shown


def _action_short(a: dict) -> str:
    shown = f"{text(a['title'])} — {a['owner'] or _('no owner')}"
    return shown + (f" ({_('overdue')})" if a["overdue"] else "")


def _approvals(approvals: list[dict], missing: list[str] | None = None) -> str:
    shown = (
        _("Approvals")
        + ": "
        + ("; ".join(f"{a['authority']} — {a['by']}, {a['on']}" for a in approvals) or "—")
    )
    if missing:
        shown += " · " + _("Not yet approved by") + ": " + ", ".join(missing)
    return shown


def _project(pack: dict) -> dict:
    dates = ""
    if pack["planned"]:
        dates += f" · {_('Planned')}: {pack['planned']}"
    if pack["actual"]:
        dates += f" · {_('Actual')}: {pack['actual']}"
    partners = []
    for partner in pack["partners"]:
        heading = f"{partner['name']} ({partner['country_name']})"
        if partner["is_lead"]:
            heading += f" — {_('lead partner')}"
        partners.append(
            {
                "heading": heading,
                "responsible_text": _person(partner["responsible"]),
                "deputy_text": _person(partner["deputy"]),
                "officers_text": "; ".join(_person(o) for o in partner["officers"]) or "—",
                "actions_text": "; ".join(_action_short(a) for a in partner["open_actions"]) or "—",
            }
        )
    programme = pack["programme"]
    funding = pack["funding"] or {}
    plan = funding.get("plan")
    reviews = []
    for r in pack["reviews"]:
        heading = r["period"] + (f" — {_('final review')}" if r["is_final"] else "") + f" — {r['status']}"
        if r["revealed"]:
            score_lines = [
                f"{s['authority']}: "
                + " · ".join(f"{c} {v}" for c, v in zip(pack["criteria"], s["values"], strict=True))
                for s in r["scores"]
            ]
        else:
            score_lines = [
                _("The partners are still scoring: scores are shown once every partner has submitted theirs.")
            ]
        reviews.append(
            {
                "heading": heading,
                "summary": (_("What was done") + ": " + text(r["summary"])) if r["summary"]["text"] else "",
                "score_lines": score_lines,
                "synthesis": (_("Joint synthesis") + ": " + text(r["synthesis"]))
                if r["synthesis"]["text"]
                else "",
                "approvals": _approvals(r["approvals"]) if r["approvals"] else "",
            }
        )
    overdue = pack["overdue_count"]
    return {
        "title": text(pack["title"]),
        "phase": pack["phase"] + (f" ({_('draft')})" if pack["is_draft"] else ""),
        "dates_text": dates,
        "url": pack["url"],
        "summary": text(pack["summary"]),
        "partners": partners,
        "participants_text": (
            _("Other participants:")
            + " "
            + "; ".join(f"{p['name']} ({p['role']})" for p in pack["participants"])
            if pack["participants"]
            else ""
        ),
        "story": [
            {
                "on": e["on"],
                "who": e["who"],
                "text_full": e["text"]
                + "".join(
                    f"\n{c['label']}: " + (f"{c['old']} → " if c["old"] else "") + c["new"]
                    for c in e["changes"]
                ),
            }
            for e in pack["story"]
        ],
        "programme_text": (
            _("Version %(number)s, saved on %(on)s by %(who)s.")
            % {"number": programme["number"], "on": programme["created_on"], "who": programme["created_by"]}
            + (
                f" {_('Objectives')}: {text(programme['objectives'])}"
                if programme["objectives"]["text"]
                else ""
            )
            if programme
            else _("No programme has been written yet.")
        ),
        "programme_actions": [
            " — ".join(
                x
                for x in (
                    text(a["title"]),
                    a["partner"],
                    " – ".join(filter(None, (a["starts_on"], a["ends_on"]))),
                )
                if x
            )
            for a in (programme["actions"] if programme else [])
        ],
        "programme_approvals": _approvals(programme["approvals"], programme["missing"]) if programme else "",
        "funding_text": (
            _("Version %(number)s — %(status)s (exchange rates of %(on)s).")
            % {"number": plan["number"], "status": plan["status"], "on": plan["rate_date"]}
            + "".join(f"\n{p}" for p in plan["problems"])
            if plan
            else _("The funding plan has not been written yet.")
        ),
        "funding_lines": plan["lines"] if plan else [],
        "funding_sources": plan["sources"] if plan else [],
        "funding_costs": f"{_('Total costs')}: {plan['costs_eur']} EUR" if plan else "",
        "funding_sources_total": (
            f"{_('Total sources')}: {plan['sources_eur']} EUR"
            + (
                " · "
                + _("Partners' own contributions: %(amount)s EUR (%(percent)s %% of the costs).")
                % {"amount": plan["own_eur"], "percent": plan["own_percent"]}
                if plan["own_eur"]
                else ""
            )
            if plan
            else ""
        ),
        "funding_approvals": _approvals(plan["approvals"], plan["missing"]) if plan else "",
        "transactions": funding.get("transactions", []),
        "transaction_totals": (
            _("Totals")
            + ": "
            + "; ".join(f"{t['type']}: {t['amount']} {t['currency']}" for t in funding["transaction_totals"])
            if funding.get("transaction_totals")
            else _("No transaction recorded.")
        ),
        "indicators": [
            {
                "result": f"{i['level']}: {text(i['result'])}",
                "title": text(i["title"]),
                "baseline": (i["baseline"] or "—")
                + (f" ({i['baseline_date']})" if i["baseline_date"] else ""),
                "target": (i["target"] or "—") + (f" ({i['target_date']})" if i["target_date"] else ""),
                "latest": (i["latest"] or "—") + (f" ({i['latest_period']})" if i["latest_period"] else ""),
            }
            for i in pack["indicators"]
        ],
        "reviews": reviews,
        "reviews_empty": "" if reviews else _("No joint review yet."),
        "overdue_text": (
            ngettext("%(counter)s action is overdue.", "%(counter)s actions are overdue.", overdue)
            % {"counter": overdue}
            if overdue
            else ("" if pack["actions"] else _("No open follow-up action."))
        ),
        "actions": [
            {
                "title": text(a["title"]),
                "owner_text": (a["owner"] or _("no owner"))
                + (f", {a['owner_role']}" if a["owner_role"] else "")
                + f" — {a['owner_authority']}",
                "due_text": a["due_on"] + (f" — {_('overdue')}" if a["overdue"] else ""),
                "status": a["status"],
            }
            for a in pack["actions"]
        ],
        "lessons": [
            {
                "title": text(lesson["title"]),
                "byline": f"{lesson['authority']}, {lesson['on']}"
                + (f" — {_('recorded at closing')}" if lesson["at_closing"] else ""),
                "text": text(lesson["text"]),
            }
            for lesson in pack["lessons"]
        ],
        "lessons_empty": "" if pack["lessons"] else _("No lesson recorded yet."),
        "documents": [
            {
                "title": text(d["title"]),
                "category": d["category"],
                "version": d["version"],
                "on": d["on"],
                "url": d["url"],
            }
            for d in pack["documents"]
        ],
    }


def _meta_line(meta: dict) -> str:
    return (
        _("Generated on %(on)s, in %(language)s.")
        % {"on": meta["generated_at"], "language": meta["language_label"]}
        + " "
        + _("Texts written by the partners keep their language; a mark such as [sr] names it.")
    )


def render_docx(*, meta: dict, pack: dict | None = None, partnership: dict | None = None) -> bytes:
    """The DOCX bytes of a project's pack, or of a partnership's (then `partnership` carries its projects)."""
    from docxtpl import DocxTemplate

    if partnership is not None:
        heading = _("Handover pack") + " — " + partnership["name"]
        projects = partnership["projects"]
        partnership_context = {
            "partners_text": "; ".join(f"{p['name']} ({p['country_name']})" for p in partnership["partners"]),
            "kind": partnership["kind"],
            "status": partnership["status"],
            "since": partnership["since"] or "—",
            "url": partnership["url"],
            "sources": [
                s["title"] + (f" — {s['url']}" if s["url"] and s["url"] != s["title"] else "")
                for s in partnership["sources"]
            ],
            "projects_text": "; ".join(f"{text(p['title'])} — {p['phase']}" for p in projects)
            or _("No project of these partners together is visible to you."),
        }
    else:
        heading = _("Handover pack") + " — " + text(pack["title"])
        projects = [pack]
        partnership_context = None
    context = {
        "heading": heading,
        "meta_line": _meta_line(meta),
        "L": labels(),
        "partnership": partnership_context,
        "projects": [_project(p) for p in projects],
    }
    document = DocxTemplate(str(TEMPLATE))
    document.render(context, autoescape=True)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
