"""Time the full reference import on a fresh SQLite file, then the second (idempotent) run.

Run: .venv/bin/python bench/import_reference_data.py
"""

import os
import sys
import tempfile
import time
from io import StringIO
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

from mostovi.directory.models import NetworkMembership, Organisation, SearchTerm  # noqa: E402

LIMIT_SECONDS = 60


def timed(label: str) -> float:
    out = StringIO()
    started = time.perf_counter()
    call_command("import_reference_data", stdout=out)
    seconds = time.perf_counter() - started
    summary = next(line for line in out.getvalue().splitlines() if line.startswith("Organisations:"))
    print(f"{label}: {seconds:6.1f} s   {summary}")
    return seconds


def main() -> int:
    translation.activate("en")
    call_command("migrate", verbosity=0)
    first = timed("first run (empty database)")
    print(
        f"  organisations {Organisation.objects.count()}, history rows {Organisation.history.count()}, "
        f"search terms {SearchTerm.objects.count()}, memberships {NetworkMembership.objects.count()}"
    )
    second = timed("second run (nothing to do)")
    ok = first <= LIMIT_SECONDS
    verdict = "OK" if ok else "TOO SLOW"
    print(f"{verdict}: full import {first:.1f} s (limit {LIMIT_SECONDS} s), second run {second:.1f} s")
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
