"""The console's overview as CSV or XLSX: one table per section, every cell through `core.exports`."""

import csv
import io

from openpyxl import Workbook

from mostovi.core.exports import sanitize_row

from .selectors import Overview

MEMBER_COLUMNS = [
    *("id", "name", "name_latin", "country", "direct", "via"),
    *("partnerships", "projects", "open_posts"),
]


def overview_tables(overview: Overview) -> list[tuple[str, list[str], list[list]]]:
    """(section, header, rows) of every table of the overview."""
    tables = [
        (
            "by_country",
            ["country", "authorities", "partnerships", "projects", "open_posts"],
            [
                [r["country"], r["authorities"], r["partnerships"], r["projects"], r["open_posts"]]
                for r in overview.by_country
            ],
        ),
        (
            "by_theme",
            ["theme", "partnerships", "projects", "needs", "offers"],
            [
                [r["theme"], r["partnerships"], r["projects"], r["needs"], r["offers"]]
                for r in overview.by_theme
            ],
        ),
        ("by_phase", ["phase", "projects"], [[r["phase"], r["projects"]] for r in overview.by_phase]),
        (
            "country_theme_year",
            ["country", "theme", "year", "count"],
            [[r["country"], r["theme"], r["year"], r["count"]] for r in overview.matrix],
        ),
    ]
    if overview.full:
        tables += [
            (
                "overlaps",
                ["kind", "authorities", "theme", "involved", "records"],
                [
                    [
                        o["kind"],
                        "; ".join(a["name"] for a in o["authorities"]),
                        o["theme"],
                        "; ".join(a["name"] for a in o["involved"]),
                        "; ".join(f"{r['kind']} {r['id']}" for r in o["records"]),
                    ]
                    for o in overview.overlaps
                ],
            ),
            (
                "needs_unanswered",
                ["post_id", "title", "authority", "posted_on"],
                [
                    [n["post_id"], n["title"], n["authority"]["name"], n["posted_on"]]
                    for n in overview.gaps["needs_unanswered"]
                ],
            ),
            (
                "members_without_partner",
                ["id", "name", "name_latin", "country"],
                [
                    [m["id"], m["name"], m["name_latin"], m["country"]]
                    for m in overview.gaps["members_without_partner"]
                ],
            ),
            (
                "themes_asked_never_offered",
                ["theme"],
                [[slug] for slug in overview.gaps["themes_asked_never_offered"]],
            ),
            (
                "members",
                MEMBER_COLUMNS,
                [
                    [
                        m["id"],
                        m["name"],
                        m["name_latin"],
                        m["country"],
                        "yes" if m["direct"] else "no",
                        m["via"],
                        m["partnerships"],
                        m["projects"],
                        m["open_posts"],
                    ]
                    for m in overview.members
                ],
            ),
        ]
    return tables


def overview_csv(overview: Overview) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for section, header, rows in overview_tables(overview):
        writer.writerow(sanitize_row([f"# {section}"]))
        writer.writerow(sanitize_row(header))
        for row in rows:
            writer.writerow(sanitize_row(row))
        writer.writerow([])
    return out.getvalue()


def overview_xlsx(overview: Overview) -> bytes:
    workbook = Workbook(write_only=True)
    for section, header, rows in overview_tables(overview):
        sheet = workbook.create_sheet(section[:31])
        sheet.append(sanitize_row(header))
        for row in rows:
            sheet.append(sanitize_row(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
