"""A Lyon–Niš project with a departed officer, reviews (one still scoring), actions, lessons, documents."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from mostovi.accounts.models import Membership, Role
from mostovi.accounts.services import membership_end
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.evaluation.models import (
    ActionStatus,
    Assessment,
    Criterion,
    FollowUpAction,
    Lesson,
    Review,
    ReviewStatus,
    Score,
)
from mostovi.projects import services as project_services
from mostovi.projects.models import Document, DocumentVersion
from mostovi.projects.tests.factories import World, make_project, make_world


@dataclass
class PackWorld:
    world: World
    project: object
    departed: Membership
    successor: Membership
    overdue: FollowUpAction
    later: FollowUpAction
    done: FollowUpAction
    scoring: Review
    completed: Review


def _review(project, world, *, start, end, status, scores):
    review = Review.objects.create(
        project=project,
        period_start=start,
        period_end=end,
        summary="Réseau sectorisé dans deux quartiers.",
        language="fr",
        status=status,
        synthesis="Синтеза: добар напредак." if status != ReviewStatus.SCORING else "",
        synthesis_language="sr",
        created_by=world.officer_lyon,
    )
    for authority, values in scores.items():
        assessment = Assessment.objects.create(
            review=review,
            authority=authority,
            language="fr",
            submitted_at=timezone.now(),
            submitted_by=world.officer_lyon,
            updated_by=world.officer_lyon,
        )
        for criterion, value in zip(Criterion, values, strict=False):
            Score.objects.create(assessment=assessment, criterion=criterion, score=value)
    return review


def make_pack_world(*, today: date | None = None) -> PackWorld:
    today = today or timezone.localdate()
    world = make_world()
    project = make_project(world, title="Gestion de l'eau à Niš", summary="Réduire les pertes du réseau.")
    lyon_officer = world.membership(world.officer_lyon, world.lyon)
    nis_officer = world.membership(world.officer_nis, world.nis)
    # Niš: a deputy who will take over when the responsible officer leaves.
    deputy = MembershipFactory(organisation=world.nis, role=Role.OFFICER, user__full_name="Јована Петровић")
    project_services.partner_set_roles(
        actor=world.officer_nis,
        project=project,
        authority_id=world.nis.pk,
        responsible_id=nis_officer.pk,
        deputy_id=deputy.pk,
    )
    project_services.partner_set_roles(
        actor=world.officer_lyon,
        project=project,
        authority_id=world.lyon.pk,
        responsible_id=lyon_officer.pk,
        deputy_id=None,
    )
    completed = _review(
        project,
        world,
        start=date(2026, 1, 1),
        end=date(2026, 6, 30),
        status=ReviewStatus.COMPLETED,
        scores={world.lyon: [3, 3, 2, 4, 2, 1], world.nis: [4, 2, 3, 3, 2, 2]},
    )
    scoring = _review(
        project,
        world,
        start=date(2026, 7, 1),
        end=date(2026, 12, 31),
        status=ReviewStatus.SCORING,
        scores={world.lyon: [1, 1, 1, 1, 1, 1]},
    )
    overdue = FollowUpAction.objects.create(
        project=project,
        review=completed,
        title="Поправити мерне уређаје",
        language="sr",
        owner_authority=world.nis,
        owner=deputy,
        due_on=today - timedelta(days=10),
        created_by=world.officer_nis,
    )
    later = FollowUpAction.objects.create(
        project=project,
        title="Former les techniciens de Niš",
        language="fr",
        owner_authority=world.lyon,
        owner=lyon_officer,
        due_on=today + timedelta(days=30),
        status=ActionStatus.IN_PROGRESS,
        created_by=world.officer_lyon,
    )
    done = FollowUpAction.objects.create(
        project=project,
        title="Action terminée",
        language="fr",
        owner_authority=world.lyon,
        owner=lyon_officer,
        due_on=today - timedelta(days=60),
        status=ActionStatus.DONE,
        created_by=world.officer_lyon,
    )
    Lesson.objects.create(
        project=project,
        review=completed,
        authority=world.lyon,
        title="Associer les techniciens dès le diagnostic",
        text="Les équipes de terrain connaissent les fuites.",
        language="fr",
        created_by=world.officer_lyon,
    )
    document = Document.objects.create(
        project=project,
        category="A07",
        title="Rapport d'évaluation 2026",
        language="fr",
        uploaded_by=world.officer_lyon,
    )
    DocumentVersion.objects.create(
        document=document,
        number=1,
        file="projects/x/rapport.pdf",
        filename="rapport.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=world.officer_lyon,
    )
    # The responsible officer of Niš leaves: the deputy takes over.
    membership_end(actor=world.officer_nis, membership=nis_officer)
    return PackWorld(
        world=world,
        project=project,
        departed=nis_officer,
        successor=deputy,
        overdue=overdue,
        later=later,
        done=done,
        scoring=scoring,
        completed=completed,
    )
