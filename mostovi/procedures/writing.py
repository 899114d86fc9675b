"""Documents written from a project's data: the partnership convention (in parallel columns, one per
language), each side's draft council decision, the terms of reference of the expertise mission, the mission
report template and an amendment.

The words are templates in the repository, one file per document and language
(`templates/procedures/documents/<kind>/<language>.txt`), which a reviewer reads and corrects like any text.
A template is plain text with three marks: a line starting with `# ` is a heading, `- ` an item of a list,
other lines make paragraphs (a blank line ends one). The templates of one document have the same blocks in
every language, so that block n of each language sits on the same row of the parallel columns.

`facts(project, language)` gathers what the templates say (partners and signatories, object, themes,
duration, programme of actions, estimated commitments from the funding plan, governance, languages);
`render_docx` and `render_pdf` lay the blocks out.
"""

import io
import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import escape

from mostovi.accounts.models import Membership, Role
from mostovi.core.formats import format_decimal
from mostovi.core.i18n import to_latin
from mostovi.core.pdf import FONT_STACK, html_to_pdf
from mostovi.funding.plans.selectors import plan_current
from mostovi.projects.selectors import mission_current, programme_current, project_text
from mostovi.themes.models import Theme

from . import catalogue

KINDS = ("convention", "council_decision", "mission_terms", "mission_report", "amendment")
FORMATS = ("docx", "pdf")
# The language a side's council decides in.
COUNTRY_LANGUAGE = {"FR": "fr", "RS": "sr", "BG": "bg", "ME": "sr-latn", "BA": "sr-latn"}
# The language of the council decision templates, each written for one country's law (English: generic).
DECISION_LANGUAGE = {"FR": "fr", "RS": "sr", "BG": "bg"}
LANGUAGE_NAMES = {"fr": "Français", "sr": "Српски", "sr-latn": "Srpski", "bg": "Български", "en": "English"}
LATIN = ("fr", "en", "sr-latn")


@dataclass(frozen=True)
class Block:
    kind: str  # "h", "p" or "li"
    text: str


def template_name(kind: str, language: str) -> str:
    return f"procedures/documents/{kind}/{language}.txt"


def has_template(kind: str, language: str) -> bool:
    source = "sr" if language == "sr-latn" else language
    try:
        get_template(template_name(kind, source))
    except TemplateDoesNotExist:
        return False
    return True


def display_name(authority, language: str) -> str:
    if language in LATIN:
        return authority.name_latin or to_latin(authority.name)
    return authority.name


def _amount(value: Decimal, language: str) -> str:
    return format_decimal(value, 2, language)


def facts(project, language: str, *, authority=None) -> dict:
    """What the templates say, in `language` (names in its script)."""
    source_language = "sr" if language == "sr-latn" else language
    partners = list(project.partners.all())
    signatories = defaultdict(list)
    for m in (
        Membership.objects.active()
        .filter(organisation__in=[p.authority_id for p in partners], role=Role.ELECTED)
        .select_related("user")
    ):
        signatories[m.organisation_id].append(m.user.full_name or m.user.email)
    plan = plan_current(project=project)
    commitments = defaultdict(lambda: defaultdict(Decimal))
    if plan is not None:
        for source in plan.sources.all():
            if source.kind == "grant":
                continue  # what a funder gives, not what the partner commits
            commitments[source.partner_id][source.currency] += source.amount
    programme = programme_current(project=project)
    actions = programme.content.get("actions", []) if programme else []
    by_id = {p.authority_id: p.authority for p in partners}
    title = project_text(project, "title", source_language)
    summary = project_text(project, "summary", source_language)
    with translation.override(source_language):
        themes = [str(t) for t in Theme.objects.filter(slug__in=project.themes or [])]
    facts = {
        "language": language,
        "title": title.text if title else f"#{project.pk}",
        "summary": summary.text if summary else "",
        "themes": themes,
        "start": project.planned_start,
        "end": project.planned_end,
        "languages": [LANGUAGE_NAMES.get(code, code) for code in project.working_languages or []],
        "objectives": programme.content.get("objectives", "") if programme else "",
        "actions": [
            {
                "title": a.get("title", ""),
                "partner": display_name(by_id[a["partner_id"]], language)
                if a.get("partner_id") in by_id
                else "",
                "starts_on": a.get("starts_on") or "",
                "ends_on": a.get("ends_on") or "",
            }
            for a in actions
        ],
        "partners": [
            {
                "name": display_name(p.authority, language),
                "country": p.authority.country,
                "lead": p.is_lead,
                "signatories": ", ".join(signatories.get(p.authority_id, [])),
                "responsible": (p.responsible.user.full_name or p.responsible.user.email)
                if p.responsible
                else "",
                "commitments": [
                    f"{_amount(amount, language)} {currency}"
                    for currency, amount in sorted(commitments.get(p.authority_id, {}).items())
                ],
            }
            for p in partners
        ],
        "plan_version": plan.number if plan else None,
        "programme_version": programme.number if programme else None,
        "mission": mission_current(project=project),
        "glossary": [
            {"term": t.term, "definition": t.definition(source_language)}
            for t in catalogue.glossary()
            if t.country in {p.authority.country for p in partners} and not t.unverified
        ],
    }
    if authority is not None:
        pairs = list(zip(facts["partners"], partners, strict=True))
        facts["side"] = next(x for x, p in pairs if p.authority_id == authority.pk)
        facts["others"] = [x for x, p in pairs if p.authority_id != authority.pk]
    return facts


def blocks(kind: str, language: str, context: dict) -> list[Block]:
    source = "sr" if language == "sr-latn" else language
    text = get_template(template_name(kind, source)).render(context)
    if language == "sr-latn":
        text = to_latin(text)
    found, paragraph = [], []

    def flush():
        if paragraph:
            found.append(Block("p", " ".join(paragraph)))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("# "):
            flush()
            found.append(Block("h", line[2:].strip()))
        elif line.startswith("- "):
            flush()
            found.append(Block("li", line[2:].strip()))
        else:
            paragraph.append(line)
    flush()
    return found


def columns(kind: str, languages: list[str], contexts: dict[str, dict]) -> list[list[Block | None]]:
    """Rows of blocks, one cell per language (block n of every language on row n)."""
    per_language = [blocks(kind, language, contexts[language]) for language in languages]
    return [list(row) for row in itertools.zip_longest(*per_language)]


def render_docx(rows: list[list[Block | None]], languages: list[str], title: str = "") -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    if len(languages) == 1:
        for (block,) in rows:
            _docx_block(document, block)
    else:
        table = document.add_table(rows=0, cols=len(languages))
        table.style = "Table Grid"
        header = table.add_row().cells
        for cell, language in zip(header, languages, strict=True):
            cell.text = LANGUAGE_NAMES.get(language, language)
        for row in rows:
            cells = table.add_row().cells
            for cell, block in zip(cells, row, strict=True):
                if block is not None:
                    paragraph = cell.paragraphs[0]
                    run = paragraph.add_run(("• " if block.kind == "li" else "") + block.text)
                    run.bold = block.kind == "h"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_block(document, block: Block | None) -> None:
    if block is None:
        return
    if block.kind == "h":
        document.add_heading(block.text, level=2)
    elif block.kind == "li":
        document.add_paragraph(block.text, style="List Bullet")
    else:
        document.add_paragraph(block.text)


def _html_block(block: Block | None) -> str:
    if block is None:
        return ""
    tag = {"h": "h2", "li": "p class='li'", "p": "p"}[block.kind]
    close = tag.split(" ")[0]
    prefix = "• " if block.kind == "li" else ""
    return f"<{tag}>{prefix}{escape(block.text)}</{close}>"


def render_pdf(rows: list[list[Block | None]], languages: list[str], title: str) -> bytes:
    width = 100 // len(languages)
    head = "".join(f"<th style='width:{width}%'>{escape(LANGUAGE_NAMES.get(x, x))}</th>" for x in languages)
    body = "".join("<tr>" + "".join(f"<td>{_html_block(b)}</td>" for b in row) + "</tr>" for row in rows)
    html = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title><style>"
        f"@page {{ size: A4; margin: 15mm; }} body {{ font-family: {FONT_STACK}; font-size: 9pt; }}"
        "table { width: 100%; border-collapse: collapse; } td, th { vertical-align: top; padding: 2mm; "
        "border-bottom: 0.3pt solid #999; } h2 { font-size: 11pt; margin: 0; } p { margin: 0; }"
        f"</style></head><body><table>{'<thead><tr>' + head + '</tr></thead>' if len(languages) > 1 else ''}"
        f"<tbody>{body}</tbody></table></body></html>"
    )
    return html_to_pdf(html)
