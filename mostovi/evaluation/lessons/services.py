"""Every write to lessons learned: checked, atomic, recorded on the project's timeline."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core.services import event_record
from mostovi.directory.search import normalise_variants

from ..actions import permissions as action_permissions
from ..checks import check_language, check_text, check_title
from ..exceptions import InvalidInput, NotAllowed
from ..models import Lesson, Review

MAX_TEXT = 20_000


def search_text(title: str, text: str) -> str:
    """Title and text folded every way they may be typed (accents, Cyrillic read the Serbian and Bulgarian
    ways, case), so that "Nis", "Niš" and "Ниш" find each other. Every word follows a space, so that a
    search matches the start of words."""
    return " " + " | ".join(normalise_variants(f"{title} {text}"))


def _record(actor, kind: str, lesson: Lesson, **data: Any) -> None:
    event_record(actor=actor, kind=kind, target=lesson, scope=lesson.project, data=data)


def project_title(title: str) -> str:
    return check_title(title, missing=_("Give the lesson a title."))


def _text(text: str) -> str:
    text = check_text(text, _("Text"), None)
    if len(text) > MAX_TEXT:
        raise InvalidInput(_("The text is too long (20,000 characters at most)."))
    return text


def _check(actor, project, authority_id) -> None:
    if project.deleted_at is not None:
        raise NotAllowed(_("This project was deleted."))
    partner_ids = {p.authority_id for p in project.partners.all()}
    if authority_id not in partner_ids:
        raise InvalidInput(_("Lessons are recorded for a partner authority of the project."))
    if not action_permissions.can_write_lesson(actor, project, authority_id):
        raise NotAllowed(_("Only members of that partner authority may record its lessons."))


@transaction.atomic
def lesson_create(
    *,
    actor,
    project,
    authority_id: int,
    title: str,
    text: str,
    language: str,
    review_id: int | None = None,
    at_closing: bool = False,
) -> Lesson:
    """A lesson learned by one partner authority, at a review or at closing."""
    _check(actor, project, authority_id)
    title, text, language = project_title(title), _text(text), check_language(language)
    review = None
    if review_id is not None:
        review = Review.objects.alive().filter(pk=review_id, project=project).first()
        if review is None:
            raise InvalidInput(_("The review is not a review of this project."))
    lesson = Lesson.objects.create(
        project=project,
        review=review,
        authority_id=authority_id,
        at_closing=bool(at_closing),
        title=title,
        text=text,
        language=language,
        search_text=search_text(title, text),
        created_by=actor,
    )
    _record(
        actor,
        "evaluation.lesson_recorded",
        lesson,
        title=title,
        authority=authority_id,
        at_closing=lesson.at_closing,
        review=review.pk if review else None,
    )
    return lesson


@transaction.atomic
def lesson_update(
    *,
    actor,
    lesson: Lesson,
    title: str | None = None,
    text: str | None = None,
    language: str | None = None,
    at_closing: bool | None = None,
) -> Lesson:
    """Correct a lesson (arguments left as None stay as they are)."""
    project = lesson.project
    _check(actor, project, lesson.authority_id)
    locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
    changes = {}
    for name, value, clean in (
        ("title", title, project_title),
        ("text", text, _text),
        ("language", language, check_language),
        ("at_closing", at_closing, bool),
    ):
        if value is None:
            continue
        value = clean(value)
        if value != getattr(locked, name):
            changes[name] = [getattr(locked, name), value]
            setattr(locked, name, value)
    if changes:
        locked.search_text = search_text(locked.title, locked.text)
        locked.save()
        _record(actor, "evaluation.lesson_updated", locked, title=locked.title, changes=changes)
    locked.project = project
    return locked


@transaction.atomic
def lesson_delete(*, actor, lesson: Lesson) -> Lesson:
    """Delete a lesson (it stays in the database and in the timeline)."""
    project = lesson.project
    _check(actor, project, lesson.authority_id)
    locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if locked.deleted_at is None:
        locked.deleted_at = timezone.now()
        locked.save(update_fields=["deleted_at"])
        _record(actor, "evaluation.lesson_deleted", locked, title=locked.title)
    locked.project = project
    return locked
