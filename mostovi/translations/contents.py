"""The texts partners may translate, each read through its own app's selectors and permissions.

A `Content` says how to load a record, who sees it, for which authorities a person may translate it (the
partners of its project, or the authority of a post: a provisional member only in its own project), what its
original text, language and version are, and where its page is. Adding a kind of text (a review's narrative,
say) is one entry here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mostovi.core.multilingual import Text
from mostovi.evaluation.models import Review
from mostovi.evaluation.reviews import permissions as review_permissions
from mostovi.exchange import permissions as exchange_permissions
from mostovi.exchange import selectors as exchange_selectors
from mostovi.exchange.models import Post
from mostovi.projects import permissions as project_permissions
from mostovi.projects import selectors as project_selectors
from mostovi.projects.models import ExpertiseMission, Project, ProjectPartner


@dataclass(frozen=True)
class Content:
    name: str
    model: type[Model]
    fields: dict[str, object]  # field → its label
    load: Callable[[int], Model | None]
    can_view: Callable[[object, Model], bool]
    translators: Callable[[object, Model], list[int]]  # the authorities a user may translate it for
    original: Callable[[Model, str], str]
    language: Callable[[Model], str]
    version: Callable[[Model], int]
    scope: Callable[[Model], Model]  # the record whose timeline shows the event
    url: Callable[[Model], str]
    # Translations kept by the app itself before this mechanism (an exchange post's), shown alike.
    kept: Callable[[Model, str], list[Text]] = field(default=lambda obj, name: [])


def _project_language(project) -> str:
    """The language the project's partners wrote it in (its title's original)."""
    texts = list(project.texts.all())
    original = next((t for t in texts if t.is_original and t.field == "title"), None)
    original = original or next((t for t in texts if t.is_original), None)
    return original.language if original is not None else ""


def _programme_original(project, name: str) -> str:
    programme = project_selectors.programme_current(project=project)
    return (programme.content.get(name) or "") if programme is not None else ""


def _programme_version(project) -> int:
    programme = project_selectors.programme_current(project=project)
    return programme.number if programme is not None else 0


def _mission_load(pk: int):
    partners = Prefetch("project__partners", queryset=ProjectPartner.objects.select_related("authority"))
    return (
        ExpertiseMission.objects.alive()
        .filter(pk=pk, project__deleted_at__isnull=True)
        .select_related("project")
        .prefetch_related(partners, "project__participants", "project__texts")
        .first()
    )


def _review_load(pk: int):
    partners = Prefetch("project__partners", queryset=ProjectPartner.objects.select_related("authority"))
    return (
        Review.objects.alive()
        .filter(pk=pk, project__deleted_at__isnull=True)
        .select_related("project")
        .prefetch_related(partners, "project__participants", "project__texts")
        .first()
    )


def _post_kept(post, name: str) -> list[Text]:
    if name != "body":
        return []
    by = str(post.authority)
    return [Text(t.language, t.body, False, by=by) for t in post.translations.all()]


CONTENTS: dict[str, Content] = {
    content.name: content
    for content in (
        Content(
            name="programme",
            model=Project,
            fields={"objectives": _("Objectives")},
            load=lambda pk: project_selectors.project_get_for_page(pk=pk),
            can_view=project_permissions.can_view_project,
            translators=lambda user, project: project_permissions.acting_authorities(user, project),
            original=_programme_original,
            language=_project_language,
            version=_programme_version,
            scope=lambda project: project,
            url=lambda project: reverse("projects:detail", args=[project.pk]) + "#programme",
        ),
        Content(
            name="mission",
            model=ExpertiseMission,
            fields={"findings": _("Findings"), "recommendations": _("Recommendations")},
            load=_mission_load,
            can_view=lambda user, mission: project_permissions.can_view_project(user, mission.project),
            translators=lambda user, mission: project_permissions.acting_authorities(user, mission.project),
            original=lambda mission, name: getattr(mission, name) or "",
            language=lambda mission: _project_language(mission.project),
            version=lambda mission: mission.revision,
            scope=lambda mission: mission.project,
            url=lambda mission: reverse("projects:detail", args=[mission.project_id]) + "#mission",
        ),
        Content(
            name="review",
            model=Review,
            fields={"synthesis": _("Joint synthesis")},
            load=_review_load,
            can_view=lambda user, review: review_permissions.can_view_reviews(user, review.project),
            translators=lambda user, review: project_permissions.acting_authorities(user, review.project),
            original=lambda review, name: getattr(review, name) or "",
            language=lambda review: review.synthesis_language or _project_language(review.project),
            version=lambda review: review.synthesis_version,
            scope=lambda review: review.project,
            url=lambda review: (
                reverse("evaluation:review", args=[review.project_id, review.pk]) + "#synthesis"
            ),
        ),
        Content(
            name="post",
            model=Post,
            fields={"body": _("Text")},
            load=lambda pk: exchange_selectors.post_get(pk=pk),
            can_view=exchange_permissions.can_view_post,
            translators=lambda user, post: (
                [post.authority_id] if exchange_permissions.acts_for(user, post.authority_id) else []
            ),
            original=lambda post, name: getattr(post, name) or "",
            language=lambda post: post.language,
            version=lambda post: post.revision,
            scope=lambda post: post,
            url=lambda post: reverse("exchange:detail", args=[post.pk]),
            kept=_post_kept,
        ),
    )
}


def content_for(name: str, field_name: str) -> Content | None:
    """The content named `name` when `field_name` is one of its translatable fields."""
    content = CONTENTS.get(name)
    return content if content is not None and field_name in content.fields else None


def content_of(obj) -> Content | None:
    """The content kind of a record (programme for a project)."""
    return next((c for c in CONTENTS.values() if isinstance(obj, c.model)), None)
