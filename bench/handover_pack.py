"""Handover pack of a project with five years of history: PDF and DOCX generation time and query count.

Builds (in a fresh SQLite file in the temporary directory, or the database of DATABASE_URL) one Lyon–Niš
project with five years of history: 6 programme versions with approvals, a funding plan of 24 lines and
5 sources with 200 transactions, 10 indicators with 20 approved values each, 10 completed reviews with both
partners' assessments, 40 follow-up actions, 20 lessons, 60 documents and 2,000 timeline events. Then
builds the pack and renders it, a few times for each format, and prints the median and the maximum.

Goal: ≤ 5 s for each format. Run: .venv/bin/python bench/handover_pack.py [--runs N]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
DB_FILE = Path(tempfile.gettempdir()) / "mostovi-bench-handover.sqlite3"
if "DATABASE_URL" not in os.environ:
    DB_FILE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from mostovi.accounts.models import Membership, Role, User  # noqa: E402
from mostovi.core.models import Event  # noqa: E402
from mostovi.core.services import scope_key  # noqa: E402
from mostovi.directory.models import Level, Organisation, OrganisationKind  # noqa: E402
from mostovi.directory.services import organisation_prepare  # noqa: E402
from mostovi.evaluation import models as ev  # noqa: E402
from mostovi.funding.models import (  # noqa: E402
    BudgetLine,
    CostCategory,
    FundingPlanApproval,
    FundingPlanVersion,
    FundingSource,
    SourceKind,
    Transaction,
    TransactionType,
)
from mostovi.handover import selectors  # noqa: E402
from mostovi.handover.render import render_docx, render_pdf  # noqa: E402
from mostovi.projects.models import (  # noqa: E402
    Document,
    DocumentVersion,
    Phase,
    ProgrammeApproval,
    ProgrammeVersion,
    Project,
    ProjectPartner,
    ProjectText,
    Visibility,
)

START = date(2021, 1, 1)
STORY = ["project.phase_changed", "programme.approved", "funding_plan.approved", "responsibility.moved"]
NOISE = ["project.updated", "document.uploaded", "comment.posted", "activity.created"]


def _authority(name, latin, country):
    return organisation_prepare(
        Organisation(
            kind=OrganisationKind.LOCAL_AUTHORITY,
            level=Level.MUNICIPALITY,
            country=country,
            name=name,
            name_latin=latin,
        )
    )


def _member(org, email, name, role):
    user = User.objects.create_user(email, "bench-password-123", full_name=name)
    return Membership.objects.create(user=user, organisation=org, role=role)


@transaction.atomic
def build() -> Project:
    lyon = _authority("Lyon", "", "FR")
    lyon.save()
    nis = _authority("Ниш", "Niš", "RS")
    nis.save()
    lyon_resp = _member(lyon, "claire@example.org", "Claire Martin", Role.OFFICER)
    lyon_dep = _member(lyon, "paul@example.org", "Paul Girard", Role.OFFICER)
    nis_resp = _member(nis, "jovana@example.org", "Јована Петровић", Role.OFFICER)
    nis_dep = _member(nis, "marko@example.org", "Марко Илић", Role.ELECTED)
    user = lyon_resp.user
    project = Project.objects.create(
        phase=Phase.IMPLEMENTATION,
        visibility=Visibility.PUBLIC,
        published_at=timezone.now(),
        planned_start=START,
        planned_end=START + timedelta(days=5 * 365),
        actual_start=START,
        created_by=user,
    )
    ProjectText.objects.create(
        project=project,
        field="title",
        language="fr",
        text="Eau potable à Niš",
        is_original=True,
        updated_by=user,
    )
    ProjectText.objects.create(
        project=project,
        field="summary",
        language="fr",
        text="Réduire les pertes.",
        is_original=True,
        updated_by=user,
    )
    ProjectPartner.objects.create(
        project=project, authority=lyon, is_lead=True, responsible=lyon_resp, deputy=lyon_dep
    )
    ProjectPartner.objects.create(project=project, authority=nis, responsible=nis_resp, deputy=nis_dep)
    for number in range(1, 7):
        version = ProgrammeVersion.objects.create(
            project=project,
            number=number,
            created_by=user,
            content={
                "objectives": f"Objectifs, version {number}",
                "actions": [
                    {"title": f"Action {i}", "partner_id": lyon.pk, "starts_on": "2022-01-01"}
                    for i in range(8)
                ],
            },
        )
        for authority in (lyon, nis):
            ProgrammeApproval.objects.create(version=version, authority=authority, approved_by=user)
    plan = FundingPlanVersion.objects.create(project=project, number=1, rate_date=START, created_by=user)
    BudgetLine.objects.bulk_create(
        BudgetLine(
            plan=plan,
            category=list(CostCategory)[i % 6],
            label=f"Ligne {i}",
            partner=(lyon, nis)[i % 2],
            amount=Decimal(10_000 + i * 100),
        )
        for i in range(24)
    )
    FundingSource.objects.bulk_create(
        FundingSource(plan=plan, kind=SourceKind.OWN_CASH, partner=(lyon, nis)[i % 2], amount=Decimal(60_000))
        for i in range(5)
    )
    for authority in (lyon, nis):
        FundingPlanApproval.objects.create(plan=plan, authority=authority, approved_by=user)
    Transaction.objects.bulk_create(
        Transaction(
            project=project,
            type=TransactionType.EXPENDITURE,
            date=START + timedelta(days=9 * i),
            amount=Decimal(1_000 + i),
            provider=(lyon, nis)[i % 2],
            description=f"Dépense {i}",
            created_by=user,
        )
        for i in range(200)
    )
    for r in range(10):
        result = ev.Result.objects.create(
            project=project, level=ev.Level.OUTPUT, title=f"Résultat {r}", language="fr", created_by=user
        )
        indicator = ev.Indicator.objects.create(
            result=result,
            title=f"Indicateur {r}",
            measure=ev.Measure.UNIT,
            baseline_value=Decimal(10),
            baseline_date=START,
            reporting_partner=nis,
            created_by=user,
        )
        ev.Target.objects.create(
            indicator=indicator,
            period_start=START,
            period_end=START + timedelta(days=1800),
            value=50,
            created_by=user,
        )
        ev.ReportedValue.objects.bulk_create(
            ev.ReportedValue(
                indicator=indicator,
                period_start=START + timedelta(days=90 * v),
                period_end=START + timedelta(days=90 * v + 89),
                value=Decimal(10 + v),
                status=ev.ValueStatus.APPROVED,
                reported_by=user,
            )
            for v in range(20)
        )
    reviews = []
    for i in range(10):
        review = ev.Review.objects.create(
            project=project,
            period_start=START + timedelta(days=182 * i),
            period_end=START + timedelta(days=182 * i + 181),
            summary=f"Semestre {i}",
            language="fr",
            status=ev.ReviewStatus.COMPLETED,
            synthesis=f"Синтеза {i}",
            synthesis_language="sr",
            synthesis_version=1,
            completed_at=timezone.now(),
            created_by=user,
        )
        reviews.append(review)
        for authority in (lyon, nis):
            assessment = ev.Assessment.objects.create(
                review=review,
                authority=authority,
                submitted_at=timezone.now(),
                submitted_by=user,
                updated_by=user,
            )
            ev.Score.objects.bulk_create(
                ev.Score(assessment=assessment, criterion=c, score=1 + (i + n) % 4)
                for n, c in enumerate(ev.Criterion)
            )
            ev.ReviewApproval.objects.create(
                review=review, authority=authority, synthesis_version=1, approved_by=user
            )
    today = timezone.localdate()
    ev.FollowUpAction.objects.bulk_create(
        ev.FollowUpAction(
            project=project,
            review=reviews[i % 10],
            title=f"Action de suivi {i}",
            language="fr",
            owner_authority=(lyon, nis)[i % 2],
            owner=(lyon_resp, nis_resp)[i % 2],
            due_on=today + timedelta(days=i * 7 - 100),
            created_by=user,
        )
        for i in range(40)
    )
    ev.Lesson.objects.bulk_create(
        ev.Lesson(
            project=project, authority=lyon, title=f"Leçon {i}", text="…", language="fr", created_by=user
        )
        for i in range(20)
    )
    for i in range(60):
        document = Document.objects.create(
            project=project, category="A12", title=f"Document {i}", language="fr", uploaded_by=user
        )
        DocumentVersion.objects.create(
            document=document,
            number=1,
            file=f"projects/{project.pk}/{document.pk}/v1-doc{i}.pdf",
            filename=f"doc{i}.pdf",
            content_type="application/pdf",
            size=1000,
            sha256="0" * 64,
            uploaded_by=user,
        )
    scope = scope_key(project)
    Event.objects.bulk_create(
        Event(
            actor=user,
            kind=STORY[i % 4] if i % 10 == 0 else NOISE[i % 4],
            target_type="projects.project",
            target_id=str(project.pk),
            scope=scope,
            data={"old": "funding", "new": "implementation", "version": 1, "name": "Lyon"},
        )
        for i in range(2000)
    )
    return project


def timed(fmt: str, project_id: int, user) -> tuple[float, int, int]:
    started = time.perf_counter()
    with translation.override("fr"), CaptureQueriesContext(connection) as queries:
        project = selectors.pack_project_get(pk=project_id)
        pack = selectors.project_pack(project=project)
        meta = selectors.pack_meta(user=user)
        content = render_pdf(meta=meta, pack=pack) if fmt == "pdf" else render_docx(meta=meta, pack=pack)
    return time.perf_counter() - started, len(queries.captured_queries), len(content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    project = build()
    print(f"built the project in {time.perf_counter() - started:.1f} s")
    user = User.objects.get(email="claire@example.org")
    over = False
    for fmt in ("pdf", "docx"):
        # The first run in a process also loads fonts, templates and imports (a fresh server worker's case).
        first = timed(fmt, project.pk, user)[0]
        runs = [timed(fmt, project.pk, user) for _ in range(args.runs)]
        times = [r[0] for r in runs]
        print(
            f"{fmt}: first {first:.2f} s, then median {statistics.median(times):.2f} s, "
            f"max {max(times):.2f} s over {args.runs} runs; {runs[-1][1]} queries; "
            f"{runs[-1][2] / 1024:.0f} KiB"
        )
        over = over or statistics.median(times) > 5 or first > 5
    with open("/proc/loadavg") as load:
        print(f"load average: {load.read().split()[0]}")
    if over:
        print("over the 5 s goal")
        sys.exit(1)


if __name__ == "__main__":
    main()
