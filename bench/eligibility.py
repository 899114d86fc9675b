"""Time one project checked against the whole funding catalogue (load project and catalogue, evaluate).

Run: .venv/bin/python bench/eligibility.py — prints p50/p95 over 200 runs; fails above 50 ms (p95).
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
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from mostovi.accounts.models import User  # noqa: E402
from mostovi.directory.models import Organisation, OrganisationKind  # noqa: E402
from mostovi.funding.catalogue import selectors  # noqa: E402
from mostovi.funding.catalogue.eligibility import project_eligibility  # noqa: E402
from mostovi.funding.catalogue_import import import_catalogue, read  # noqa: E402
from mostovi.funding.models import Instrument, Rule  # noqa: E402
from mostovi.projects.models import Document, Project, ProjectPartner  # noqa: E402

RUNS = 200
LIMIT_MS = 50.0


def make_project() -> int:
    user = User.objects.create_user("bench@example.org", "bench-password-1")
    project = Project.objects.create(
        created_by=user, themes=["water-sanitation", "environment-climate"], phase="funding"
    )
    for index, (name, country, level) in enumerate(
        [("Lyon", "FR", "municipality"), ("Niš", "RS", "city"), ("Stolichna", "BG", "municipality")]
    ):
        authority = Organisation.objects.create(
            kind=OrganisationKind.LOCAL_AUTHORITY, name=name, name_latin=name, country=country, level=level
        )
        ProjectPartner.objects.create(project=project, authority=authority, is_lead=index == 0)
    for category in ("A04", "A09"):
        Document.objects.create(
            project=project, category=category, title=category, language="fr", uploaded_by=user
        )
    return project.pk


def one_run(project_id: int) -> list:
    project = selectors.project_for_eligibility(project_id)
    return project_eligibility(project, selectors.instruments_for_eligibility())


def main() -> int:
    translation.activate("en")
    call_command("migrate", verbosity=0)
    import_catalogue(read())
    project_id = make_project()
    print(
        f"catalogue: {Instrument.objects.filter(is_active=True).count()} active instruments, "
        f"{Rule.objects.count()} rules"
    )
    for _ in range(10):
        one_run(project_id)  # warm up
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        verdicts = one_run(project_id)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        one_run(project_id)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    counts = {v: sum(1 for x in verdicts if x.verdict == v) for v in ("eligible", "unknown", "not_eligible")}
    print(f"queries per check: {len(queries)}; verdicts: {counts}")
    ok = p95 <= LIMIT_MS
    print(
        f"{'OK' if ok else 'TOO SLOW'}: one project against the catalogue over {RUNS} runs: "
        f"p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms (limit {LIMIT_MS:.0f} ms)"
    )
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
