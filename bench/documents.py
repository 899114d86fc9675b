"""Time the bilingual convention (French / Serbian Cyrillic) of a project with 20 actions and a 24-line plan.

Run: .venv/bin/python bench/documents.py — prints p50/p95 of the DOCX and PDF writing (from the project's data
to the file's bytes); fails above 1 s (DOCX) or 5 s (PDF) at p95.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
tmp = tempfile.TemporaryDirectory()
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

from mostovi.funding.plans import services as plan_services  # noqa: E402
from mostovi.funding.tests.test_plan_world import RATE_DATE, balanced_rows, make_dctciv, rsd_rate  # noqa: E402
from mostovi.procedures import writing  # noqa: E402
from mostovi.projects import services  # noqa: E402
from mostovi.projects.selectors import project_get_for_page  # noqa: E402
from mostovi.projects.tests.factories import make_project, make_world  # noqa: E402

RUNS = 10
LIMITS = {"docx": 1.0, "pdf": 5.0}


def make() -> int:
    world = make_world()
    project = make_project(world)
    actions = [
        {
            "title": f"Action {n} — обука и размена искуства",
            "partner_id": (world.lyon if n % 2 else world.nis).pk,
            "description": "Échanges techniques entre les services de l'eau.",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
        }
        for n in range(1, 21)
    ]
    services.programme_update(actor=world.officer_lyon, project=project, version=0, actions=actions)
    rsd_rate()
    lines, sources = balanced_rows(world, make_dctciv())
    template = lines[0]
    lines = [{**template, "label": f"Ligne {n}", "amount": "2500"} for n in range(1, 25)]  # 60 000 EUR
    plan_services.plan_update(
        actor=world.officer_lyon,
        project=project,
        version=0,
        rate_date=RATE_DATE,
        lines=lines,
        sources=[*sources[:3], {**sources[3], "amount": "0"}],
    )
    return project.pk


def main() -> int:
    call_command("migrate", verbosity=0)
    with translation.override("en"):
        pk = make()
        failed = False
        for fmt, limit in LIMITS.items():
            timings = []
            for _ in range(RUNS):
                start = time.perf_counter()
                project = project_get_for_page(pk=pk)
                languages = ["fr", "sr"]
                contexts = {code: writing.facts(project, code) for code in languages}
                rows = writing.columns("convention", languages, contexts)
                render = writing.render_docx if fmt == "docx" else writing.render_pdf
                content = render(rows, languages, "Convention")
                timings.append(time.perf_counter() - start)
            assert content
            p50, p95 = statistics.median(timings), sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
            ms = f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
            print(f"convention fr/sr {fmt}: {ms} (limit {limit:.0f} s)")
            failed |= p95 > limit
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
