"""Writes `templates/handover/pack.docx`, the docxtpl template of the handover pack.

Run it after changing the layout: `.venv/bin/python mostovi/handover/make_docx_template.py` (or
`.venv/bin/python -m mostovi.handover.make_docx_template`). The template holds Jinja tags only; every label
comes translated from `docx.py` (`L.…`), every value from the pack.
"""

import sys
from pathlib import Path

# Run as a script, Python puts this folder first on the path, where `docx.py` and `selectors.py` would stand
# in for python-docx and the standard library's `selectors`: take it off before importing them.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from docx import Document  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402

OUT = Path(__file__).resolve().parent / "templates" / "handover" / "pack.docx"


def _table(document, headers: list[str], loop: str, cells: list[str]):
    """A table: a header row, then one row per item of `loop` (docxtpl `{%tr %}` rows)."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    return table


def build() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(9.5)

    p = document.add_paragraph
    document.add_heading("{{ heading }}", level=0)
    p("{{ meta_line }}")

    p("{%p if partnership %}")
    document.add_heading("{{ L.the_partnership }}", level=1)
    p("{{ L.partners }}: {{ partnership.partners_text }}")
    p(
        "{{ L.kind }}: {{ partnership.kind }} · {{ L.status }}: {{ partnership.status }} · "
        "{{ L.since }}: {{ partnership.since }}"
    )
    p("{{ L.record }}: {{ partnership.url }}")
    p("{%p for s in partnership.sources %}")
    p("{{ L.source }}: {{ s }}")
    p("{%p endfor %}")
    p("{{ L.joint_projects }}: {{ partnership.projects_text }}")
    p("{%p endif %}")

    p("{%p for pack in projects %}")
    document.add_heading("{{ pack.title }}", level=1)
    p("{{ L.phase }}: {{ pack.phase }}{{ pack.dates_text }}")
    p("{{ L.project_page }}: {{ pack.url }}")
    p("{{ pack.summary }}")

    document.add_heading("1. {{ L.partners_roles }}", level=2)
    p("{%p for partner in pack.partners %}")
    document.add_heading("{{ partner.heading }}", level=3)
    p("{{ L.responsible }}: {{ partner.responsible_text }}")
    p("{{ L.deputy }}: {{ partner.deputy_text }}")
    p("{{ L.officers }}: {{ partner.officers_text }}")
    p("{{ L.open_actions }}: {{ partner.actions_text }}")
    p("{%p endfor %}")
    p("{{ pack.participants_text }}")

    document.add_heading("2. {{ L.story }}", level=2)
    _table(
        document,
        ["{{ L.date }}", "{{ L.who }}", "{{ L.what }}"],
        "e in pack.story",
        ["{{ e.on }}", "{{ e.who }}", "{{ e.text_full }}"],
    )

    document.add_heading("3. {{ L.programme }}", level=2)
    p("{{ pack.programme_text }}")
    p("{%p for a in pack.programme_actions %}")
    p("• {{ a }}")
    p("{%p endfor %}")
    p("{{ pack.programme_approvals }}")

    document.add_heading("4. {{ L.funding }}", level=2)
    p("{{ pack.funding_text }}")
    _table(
        document,
        ["{{ L.category }}", "{{ L.label }}", "{{ L.partner }}", "{{ L.amount }}", "EUR"],
        "l in pack.funding_lines",
        [
            "{{ l.category }}",
            "{{ l.label }}",
            "{{ l.partner }}",
            "{{ l.amount }} {{ l.currency }}",
            "{{ l.eur }}",
        ],
    )
    p("{{ pack.funding_costs }}")
    _table(
        document,
        ["{{ L.kind }}", "{{ L.instrument }}", "{{ L.partner }}", "{{ L.amount }}", "EUR"],
        "s in pack.funding_sources",
        [
            "{{ s.kind }}",
            "{{ s.instrument }}",
            "{{ s.partner }}",
            "{{ s.amount }} {{ s.currency }}",
            "{{ s.eur }}",
        ],
    )
    p("{{ pack.funding_sources_total }}")
    p("{{ pack.funding_approvals }}")
    document.add_heading("{{ L.transactions }}", level=3)
    _table(
        document,
        [
            "{{ L.date }}",
            "{{ L.type }}",
            "{{ L.from }}",
            "{{ L.to }}",
            "{{ L.description }}",
            "{{ L.amount }}",
        ],
        "t in pack.transactions",
        [
            "{{ t.date }}",
            "{{ t.type }}",
            "{{ t.provider }}",
            "{{ t.receiver }}",
            "{{ t.description }}",
            "{{ t.amount }} {{ t.currency }}",
        ],
    )
    p("{{ pack.transaction_totals }}")

    document.add_heading("5. {{ L.indicators }}", level=2)
    _table(
        document,
        [
            "{{ L.result }}",
            "{{ L.indicator }}",
            "{{ L.baseline }}",
            "{{ L.latest_target }}",
            "{{ L.latest_value }}",
        ],
        "i in pack.indicators",
        ["{{ i.result }}", "{{ i.title }}", "{{ i.baseline }}", "{{ i.target }}", "{{ i.latest }}"],
    )

    document.add_heading("6. {{ L.reviews }}", level=2)
    p("{%p for r in pack.reviews %}")
    document.add_heading("{{ r.heading }}", level=3)
    p("{{ r.summary }}")
    p("{%p for line in r.score_lines %}")
    p("{{ line }}")
    p("{%p endfor %}")
    p("{{ r.synthesis }}")
    p("{{ r.approvals }}")
    p("{%p endfor %}")
    p("{{ pack.reviews_empty }}")

    document.add_heading("7. {{ L.actions }}", level=2)
    p("{{ pack.overdue_text }}")
    _table(
        document,
        ["{{ L.what }}", "{{ L.owner }}", "{{ L.due_date }}", "{{ L.status }}"],
        "a in pack.actions",
        ["{{ a.title }}", "{{ a.owner_text }}", "{{ a.due_text }}", "{{ a.status }}"],
    )

    document.add_heading("8. {{ L.lessons }}", level=2)
    p("{%p for l in pack.lessons %}")
    document.add_heading("{{ l.title }}", level=3)
    p("{{ l.byline }}")
    p("{{ l.text }}")
    p("{%p endfor %}")
    p("{{ pack.lessons_empty }}")

    document.add_heading("9. {{ L.documents }}", level=2)
    _table(
        document,
        ["{{ L.title }}", "{{ L.kind }}", "{{ L.version }}", "{{ L.link }}"],
        "d in pack.documents",
        ["{{ d.title }}", "{{ d.category }}", "v{{ d.version }}, {{ d.on }}", "{{ d.url }}"],
    )
    p("{%p endfor %}")
    return document


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(OUT)
    print(OUT)


if __name__ == "__main__":
    main()
