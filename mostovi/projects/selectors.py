"""Reads about projects: visibility, the current programme, who still has to approve."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation

from mostovi.accounts.models import Membership, Role
from mostovi.core.models import Event
from mostovi.core.services import scope_key
from mostovi.directory.models import NetworkMembership

from .models import (
    Activity,
    Document,
    DocumentVersion,
    ExpertiseMission,
    MissionAcceptance,
    ProgrammeApproval,
    ProgrammeVersion,
    Project,
    ProjectPartner,
    ProjectText,
    Visibility,
)


def project_list_visible_to(*, user) -> QuerySet[Project]:
    """Every project the user may see (one place decides)."""
    qs = Project.objects.alive()
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return qs.filter(visibility=Visibility.PUBLIC).exclude(phase="identification")
    if user.is_staff:
        return qs
    org_ids = list(Membership.objects.active().filter(user=user).values_list("organisation_id", flat=True))
    coordinated = (
        Membership.objects.active().filter(user=user, role=Role.COORDINATOR).values("organisation_id")
    )
    network_members = NetworkMembership.objects.filter(network_id__in=coordinated).values("member_id")
    visible = (
        Q(partners__authority_id__in=org_ids)
        | Q(participants__organisation_id__in=org_ids)
        | (Q(visibility=Visibility.PUBLIC) & ~Q(phase="identification"))
        | (Q(visibility=Visibility.NETWORK) & Q(partners__authority_id__in=network_members))
    )
    return qs.filter(pk__in=Project.objects.filter(visible).values("pk"))


def project_list(*, user, phase: str | None = None, authority: int | None = None) -> QuerySet[Project]:
    qs = project_list_visible_to(user=user)
    if phase:
        qs = qs.filter(phase=phase)
    if authority:
        qs = qs.filter(partners__authority_id=authority)
    return qs.prefetch_related(
        Prefetch("partners", queryset=ProjectPartner.objects.select_related("authority")),
        Prefetch("texts", queryset=ProjectText.objects.all()),
    ).order_by("-updated_at", "-id")


def project_get_for_page(*, pk: int, include_deleted: bool = False) -> Project | None:
    """One project with everything its page shows, in a fixed number of queries."""
    qs = Project.objects.all() if include_deleted else Project.objects.alive()
    return (
        qs.select_related("created_by")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related(
                    "authority", "responsible__user", "deputy__user"
                ),
            ),
            "participants__organisation",
            "texts",
            Prefetch(
                "missions",
                queryset=ExpertiseMission.objects.alive().prefetch_related(
                    Prefetch("acceptances", queryset=MissionAcceptance.objects.select_related("accepted_by"))
                ),
            ),
            Prefetch(
                "programme_versions",
                queryset=ProgrammeVersion.objects.select_related("created_by").prefetch_related(
                    Prefetch("approvals", queryset=ProgrammeApproval.objects.select_related("approved_by"))
                ),
            ),
            Prefetch("activities", queryset=Activity.objects.alive().order_by("starts_on", "id")),
            Prefetch(
                "documents",
                queryset=Document.objects.alive().prefetch_related(
                    Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def project_text(project, field: str, language: str | None = None) -> ProjectText | None:
    """The text in the reader's language, else the original, else any (uses prefetched texts)."""
    language = language or translation.get_language()
    texts = [t for t in project.texts.all() if t.field == field]
    for wanted in (lambda t: t.language == language, lambda t: t.is_original, lambda t: True):
        for text in texts:
            if wanted(text):
                return text
    return None


def mission_current(*, project) -> ExpertiseMission | None:
    missions = [m for m in project.missions.all() if m.deleted_at is None]
    return missions[0] if missions else None


def partners_missing_mission_acceptance(*, project, mission) -> list:
    accepted = {a.authority_id for a in mission.acceptances.all() if a.mission_revision == mission.revision}
    return [p.authority for p in project.partners.all() if p.authority_id not in accepted]


def programme_current(*, project) -> ProgrammeVersion | None:
    versions = list(project.programme_versions.all())
    return max(versions, key=lambda v: v.number) if versions else None


def programme_get(*, project, number: int) -> ProgrammeVersion | None:
    return next((v for v in project.programme_versions.all() if v.number == number), None)


def partners_missing_programme_approval(*, project, version) -> list:
    approved = {a.authority_id for a in version.approvals.all()}
    return [p.authority for p in project.partners.all() if p.authority_id not in approved]


def project_timeline(*, project, limit: int | None = None) -> QuerySet[Event]:
    """Every event about the project and what hangs on it, newest first."""
    qs = Event.objects.filter(scope=scope_key(project)).select_related("actor").order_by("-created_at", "-id")
    return qs[:limit] if limit else qs
