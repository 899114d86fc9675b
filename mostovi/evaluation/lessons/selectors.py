"""Reads of lessons learned: who may see them, and the search across projects, scripts and languages.

A user sees the lessons of the projects they may view, and network coordinators also see the lessons of
every project whose partner authorities belong to their network, even when the project is not public:
lessons are meant to travel through the networks.
"""

from django.db.models import Q, QuerySet

from mostovi.accounts.models import Membership, Role
from mostovi.directory.models import NetworkMembership
from mostovi.directory.network_selectors import networks_scope
from mostovi.directory.search import normalise_variants
from mostovi.projects.models import Project
from mostovi.projects.selectors import project_list_visible_to

from ..models import Lesson

MAX_WORDS = 8


def lessons_visible_to(*, user) -> QuerySet[Lesson]:
    visible = Q(project__in=project_list_visible_to(user=user))
    if user is not None and user.is_authenticated and not user.is_staff:
        coordinated = (
            Membership.objects.active().filter(user=user, role=Role.COORDINATOR).values("organisation_id")
        )
        # Direct and indirect members: a Serbian municipality belongs to NALAS through SKGO.
        scope = networks_scope(list(coordinated.values_list("organisation_id", flat=True)))
        members = NetworkMembership.objects.filter(network_id__in=scope).values("member_id")
        visible |= Q(project__in=Project.objects.alive().filter(partners__authority_id__in=members))
    return Lesson.objects.alive().filter(visible, project__deleted_at__isnull=True)


def _word_filter(word: str) -> Q:
    condition = Q()
    for variant in normalise_variants(word) or [word.lower()]:
        condition |= Q(search_text__contains=" " + variant)
    return condition


def lessons_search(
    *, user, q: str = "", language: str | None = None, theme: str | None = None, project_id: int | None = None
) -> QuerySet[Lesson]:
    """Lessons the user may see, newest first; every word of `q` must start a word of the
    lesson, in any script, with or without accents."""
    lessons = lessons_visible_to(user=user)
    for word in (q or "").split()[:MAX_WORDS]:
        lessons = lessons.filter(_word_filter(word))
    if language:
        lessons = lessons.filter(language=language)
    if project_id is not None:
        lessons = lessons.filter(project_id=project_id)
    if theme:
        # Themes are a JSON list on the project; read them once rather than ask each database to search JSON.
        ids = [
            pk
            for pk, themes in Project.objects.filter(pk__in=lessons.values("project_id")).values_list(
                "pk", "themes"
            )
            if theme in (themes or [])
        ]
        lessons = lessons.filter(project_id__in=ids)
    return (
        lessons.select_related("project", "authority", "review")
        .prefetch_related("project__texts")
        .order_by("-created_at", "-id")
    )


def lesson_get(*, project, pk: int) -> Lesson | None:
    lesson = Lesson.objects.alive().select_related("authority").filter(project=project, pk=pk).first()
    if lesson is not None:
        lesson.project = project
    return lesson


def lessons_at_closing_exist(project) -> bool:
    return Lesson.objects.alive().filter(project=project, at_closing=True).exists()
