"""p95 latency of the project list and the project page with 10,000 projects.

Creates (once, in a SQLite file in the temporary directory, or the database of DATABASE_URL) 10,000 projects
between 200 authorities, each with a title, two partners, a programme version, a few activities and events;
then times, in process through Django's test client, the project list and project pages as an officer of a
partner authority who sees about a tenth of them, and as an anonymous visitor.

Run: .venv/bin/python bench/projects_pages.py [--projects N] [--requests N]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'mostovi-bench-projects.sqlite3'}"
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from mostovi.accounts.models import Membership, Role, User  # noqa: E402
from mostovi.core.models import Event  # noqa: E402
from mostovi.directory.models import Level, Organisation, OrganisationKind  # noqa: E402
from mostovi.directory.services import organisation_prepare  # noqa: E402
from mostovi.projects.models import (  # noqa: E402
    Activity,
    ProgrammeVersion,
    Project,
    ProjectPartner,
    ProjectText,
    Visibility,
)

COUNTRIES = ["FR", "RS", "BG", "MK", "AL", "BA", "ME", "XK"]


def build(n_projects: int) -> None:
    if Project.objects.filter(is_demo=True, texts__text__startswith="Bench project").exists():
        return
    started = time.perf_counter()
    with transaction.atomic():
        user = User.objects.create_user("bench.officer@example.org", "bench-password-123")
        authorities = [
            organisation_prepare(
                Organisation(
                    kind=OrganisationKind.LOCAL_AUTHORITY,
                    level=Level.MUNICIPALITY,
                    country=COUNTRIES[i % 8],
                    name=f"Bench authority {i}",
                    name_latin=f"Bench authority {i}",
                    population=1000 + i,
                    is_demo=True,
                )
            )
            for i in range(200)
        ]
        Organisation.objects.bulk_create(authorities)
        authorities = list(Organisation.objects.filter(name__startswith="Bench authority").order_by("pk"))
        Membership.objects.create(user=user, organisation=authorities[0], role=Role.OFFICER)
        projects = Project.objects.bulk_create(
            [
                Project(
                    created_by=user,
                    is_demo=True,
                    phase="implementation",
                    published_at=timezone.now(),
                    visibility=[Visibility.PRIVATE, Visibility.NETWORK, Visibility.PUBLIC][i % 3],
                )
                for i in range(n_projects)
            ],
            batch_size=2000,
        )
        texts, partners, versions, activities, events = [], [], [], [], []
        for i, project in enumerate(projects):
            a, b = authorities[i % 20 if i % 10 == 0 else (i % 199) + 1], authorities[(i * 7) % 200]
            if a.pk == b.pk:
                b = authorities[(i * 7 + 1) % 200]
            texts.append(
                ProjectText(
                    project=project,
                    field="title",
                    language="fr",
                    text=f"Bench project {i}",
                    is_original=True,
                    updated_by=user,
                )
            )
            partners += [
                ProjectPartner(project=project, authority=a, is_lead=True),
                ProjectPartner(project=project, authority=b),
            ]
            versions.append(
                ProgrammeVersion(
                    project=project,
                    number=1,
                    created_by=user,
                    content={"objectives": "Bench", "actions": [{"title": "Action", "partner_id": a.pk}]},
                )
            )
            activities += [
                Activity(project=project, title=f"Activity {k}", partner=a, created_by=user) for k in range(3)
            ]
            events += [
                Event(
                    kind="project.updated",
                    target_type="projects.project",
                    target_id=str(project.pk),
                    scope=f"projects.project:{project.pk}",
                    data={},
                )
                for _k in range(3)
            ]
        for model, rows in (
            (ProjectText, texts),
            (ProjectPartner, partners),
            (ProgrammeVersion, versions),
            (Activity, activities),
            (Event, events),
        ):
            model.objects.bulk_create(rows, batch_size=2000)
    print(f"built {n_projects} projects in {time.perf_counter() - started:.1f} s")


def measure(client: Client, url: str, requests: int) -> tuple[list[float], int]:
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return timings, len(counted)


def report(label: str, timings: list[float], queries: int) -> None:
    timings = sorted(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{label:42} n={len(timings):4}  p50={statistics.median(timings):7.1f} ms  p95={p95:7.1f} ms  "
        f"queries={queries}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    build(args.projects)
    officer = User.objects.get(email="bench.officer@example.org")
    visible = Project.objects.filter(partners__authority__memberships__user=officer).distinct()
    print(f"{Project.objects.count()} projects; the officer's authority is partner of {visible.count()}")
    client = Client()
    client.force_login(officer)
    sample = visible.order_by("pk").first()
    report("project list (officer)", *measure(client, "/fr/projects/", args.requests))
    report("project page (officer)", *measure(client, f"/fr/projects/{sample.pk}/", args.requests))
    report("project list (anonymous)", *measure(Client(), "/fr/projects/", args.requests))


if __name__ == "__main__":
    main()
