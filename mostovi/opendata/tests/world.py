"""A public Lyon–Niš water project with all an IATI activity shows: plan, transactions, documents, results."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from mostovi.evaluation.models import ReportedValue, ValueStatus
from mostovi.evaluation.tests.world import logframe_world
from mostovi.funding.models import (
    BudgetLine,
    FundingPlanApproval,
    FundingPlanVersion,
    FundingSource,
    Transaction,
)
from mostovi.projects.models import Document, DocumentVersion, Project, ProjectText, Visibility


def publish(project, *, phase="implementation", **fields) -> Project:
    """Test shortcut: the project has gone through its gates and its partners made it public."""
    Project.objects.filter(pk=project.pk).update(
        visibility=Visibility.PUBLIC,
        published_at=timezone.now(),
        phase=phase,
        **fields,
    )
    project.refresh_from_db()
    return project


def public_project_world():
    world, project, _results, losses, _trained = logframe_world()
    publish(
        project,
        themes=["water-sanitation"],
        planned_start=date(2027, 1, 1),
        planned_end=date(2028, 12, 31),
        actual_start=date(2027, 2, 1),
    )
    ProjectText.objects.create(
        project=project,
        field="title",
        language="sr",
        text="Управљање водом у Нишу",
        updated_by=world.officer_nis,
    )
    ProjectText.objects.create(
        project=project,
        field="summary",
        language="fr",
        text="Réduire les pertes du réseau.",
        is_original=True,
        updated_by=world.officer_lyon,
    )
    plan = FundingPlanVersion.objects.create(
        project=project,
        number=1,
        rate_date=date(2026, 12, 1),
        created_by=world.officer_lyon,
    )
    BudgetLine.objects.create(
        plan=plan,
        category="travel",
        label="Missions",
        partner=world.lyon,
        amount=Decimal("12000"),
        currency="EUR",
    )
    BudgetLine.objects.create(
        plan=plan,
        category="staff",
        label="Techniciens",
        partner=world.nis,
        amount=Decimal("8000.50"),
        currency="EUR",
    )
    FundingSource.objects.create(plan=plan, kind="own_cash", partner=world.lyon, amount=Decimal("20000.50"))
    for authority, user in ((world.lyon, world.officer_lyon), (world.nis, world.officer_nis)):
        FundingPlanApproval.objects.create(plan=plan, authority=authority, approved_by=user)
    Transaction.objects.create(
        project=project,
        type="3",
        date=date(2027, 3, 15),
        amount=Decimal("5000"),
        currency="EUR",
        provider=world.lyon,
        receiver=world.nis,
        description="Première tranche",
        created_by=world.officer_lyon,
    )
    Transaction.objects.create(
        project=project,
        type="4",
        date=date(2027, 4, 2),
        amount=Decimal("120000"),
        currency="RSD",
        provider=world.nis,
        created_by=world.officer_nis,
    )
    document = Document.objects.create(
        project=project,
        category="A09",
        title="Convention de partenariat",
        language="fr",
        uploaded_by=world.officer_lyon,
    )
    DocumentVersion.objects.create(
        document=document,
        number=1,
        file=ContentFile(b"%PDF-1.4", name="convention.pdf"),
        filename="convention.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=world.officer_lyon,
    )
    ReportedValue.objects.create(
        indicator=losses,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        value=Decimal("33"),
        status=ValueStatus.APPROVED,
        reported_by=world.officer_nis,
    )
    ReportedValue.objects.create(
        indicator=losses,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        value=Decimal("99"),
        status=ValueStatus.DRAFT,
        reported_by=world.officer_nis,
    )
    return world, project, losses
