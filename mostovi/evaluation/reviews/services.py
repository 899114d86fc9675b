"""Every write to a project's joint reviews, and the A07 report stored when a review is completed.

Each service checks its permission, runs atomically and records an event on the project's timeline. Events
about an assessment name the partner, never its scores: those stay with the partner until every partner has
submitted.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core import approvals
from mostovi.core.formats import format_date
from mostovi.core.services import event_record
from mostovi.projects.models import Project
from mostovi.projects.services.common import partners_notify

from ..checks import check_dates, check_language, check_period, check_text
from ..exceptions import InvalidInput, NotAllowed, StaleVersion, WrongStatus
from ..models import (
    SCORE_MAX,
    SCORE_MIN,
    Assessment,
    Criterion,
    Review,
    ReviewApproval,
    ReviewSchedule,
    ReviewStatus,
    Score,
)
from . import lifecycle
from . import permissions as review_permissions
from . import selectors as review_selectors
from .report import review_report_store

MAX_TEXT = 20_000
MAX_NARRATIVE = 5_000

# The approval building block raises the evaluation app's exceptions (409 and 422).
APPROVAL_ERRORS = approvals.ApprovalErrors(stale=StaleVersion, invalid=InvalidInput)


def _record(actor, kind: str, project, target, **data: Any) -> None:
    event_record(actor=actor, kind=kind, target=target, scope=project, data=data)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _text(text: str | None, limit: int = MAX_TEXT) -> str:
    text = check_text(text, _("Text"), None)
    if len(text) > limit:
        raise InvalidInput(_("The text is too long (%(limit)s characters at most).") % {"limit": limit})
    return text


def _day(day: date) -> str:
    return format_date(day)


def _check_edit(actor, project) -> None:
    _require(
        review_permissions.can_edit_reviews(actor, project),
        _("Only members of a partner authority may plan and write the joint reviews."),
    )


def _locked(review: Review) -> Review:
    """The review read afresh and locked, so that two partners finishing at once do not race."""
    locked = Review.objects.select_for_update().filter(pk=review.pk, deleted_at__isnull=True).first()
    if locked is None:
        raise InvalidInput(_("This review was deleted."))
    return locked


def _project(review: Review):
    """The review's project with its partners (the permissions read them)."""
    return Project.objects.prefetch_related("partners__authority").get(pk=review.project_id)


# --- the schedule ------------------------------------------------------------------------------------


@transaction.atomic
def review_schedule_set(*, actor, project, interval_months: int, first_review_on: date) -> ReviewSchedule:
    """How often the partners review the project together, and when the first review is due."""
    _check_edit(actor, project)
    if isinstance(interval_months, bool) or not isinstance(interval_months, int):
        raise InvalidInput(_("The interval between reviews must be a whole number of months, from 1 to 60."))
    if not 1 <= interval_months <= 60:
        raise InvalidInput(_("The interval between reviews must be a whole number of months, from 1 to 60."))
    if not isinstance(first_review_on, date):
        raise InvalidInput(_("Give the date of the first review."))
    check_dates(first_review_on)
    schedule, _created = ReviewSchedule.objects.update_or_create(
        project=project,
        defaults={
            "interval_months": interval_months,
            "first_review_on": first_review_on,
            "updated_by": actor,
        },
    )
    _record(
        actor,
        "evaluation.review_schedule_set",
        project,
        schedule,
        interval_months=interval_months,
        first_review_on=first_review_on.isoformat(),
    )
    return schedule


# --- reviews -----------------------------------------------------------------------------------------


def _check_period(project, start: date, end: date, *, exclude: int | None = None) -> None:
    check_period(start, end)
    others = Review.objects.alive().filter(project=project, period_start__lte=end, period_end__gte=start)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    other = others.order_by("period_start").first()
    if other is not None:
        raise InvalidInput(
            _("This period overlaps the review of %(start)s – %(end)s: choose a period after or before it.")
            % {"start": _day(other.period_start), "end": _day(other.period_end)}
        )


def _check_single_final(project, *, exclude: int | None = None) -> None:
    finals = Review.objects.alive().filter(project=project, is_final=True)
    if exclude is not None:
        finals = finals.exclude(pk=exclude)
    other = finals.first()
    if other is not None:
        raise InvalidInput(
            _("The project already has a final review (%(start)s – %(end)s).")
            % {"start": _day(other.period_start), "end": _day(other.period_end)}
        )


def _lock_project(project) -> None:
    # Serialises the period checks of two reviews created at once for the same project.
    list(Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True))


@transaction.atomic
def review_create(
    *,
    actor,
    project,
    period_start: date,
    period_end: date,
    summary: str,
    language: str,
    is_final: bool = False,
) -> Review:
    """A joint review of a period; each partner authority gets its own (empty) assessment."""
    _check_edit(actor, project)
    _lock_project(project)
    _check_period(project, period_start, period_end)
    language = check_language(language)
    summary = _text(summary)
    if is_final:
        _check_single_final(project)
    review = Review.objects.create(
        project=project,
        period_start=period_start,
        period_end=period_end,
        is_final=bool(is_final),
        summary=summary,
        language=language,
        created_by=actor,
    )
    Assessment.objects.bulk_create(
        [
            Assessment(review=review, authority_id=p.authority_id, updated_by=actor)
            for p in project.partners.all()
        ]
    )
    _record(
        actor,
        "evaluation.review_created",
        project,
        review,
        period_start=period_start.isoformat(),
        period_end=period_end.isoformat(),
        is_final=bool(is_final),
    )
    return review


def _check_scoring(review: Review, message: str) -> None:
    if review.status != ReviewStatus.SCORING:
        raise WrongStatus(message)


@transaction.atomic
def review_update(
    *,
    actor,
    review: Review,
    period_start: date | None = None,
    period_end: date | None = None,
    summary: str | None = None,
    language: str | None = None,
) -> Review:
    """Correct the period or what was done while the partners are still scoring."""
    project = _project(review)
    _check_edit(actor, project)
    _lock_project(project)
    review = _locked(review)
    _check_scoring(review, _("The period and the summary can only change while the partners are scoring."))
    start = period_start or review.period_start
    end = period_end or review.period_end
    _check_period(project, start, end, exclude=review.pk)
    changes = {}
    if (start, end) != (review.period_start, review.period_end):
        changes["period"] = [
            f"{review.period_start.isoformat()}/{review.period_end.isoformat()}",
            f"{start.isoformat()}/{end.isoformat()}",
        ]
        review.period_start, review.period_end = start, end
    if summary is not None:
        summary = _text(summary)
        if summary != review.summary:
            changes["summary"] = [review.summary, summary]
            review.summary = summary
            review.language = check_language(language) if language else review.language
    review.save()
    _record(actor, "evaluation.review_updated", project, review, changes=changes)
    return review


@transaction.atomic
def review_delete(*, actor, review: Review) -> Review:
    """Remove a review still being scored, unless follow-up actions or lessons come from it."""
    project = _project(review)
    _check_edit(actor, project)
    review = _locked(review)
    if review.deleted_at is not None:
        return review
    _check_scoring(review, _("Only a review still being scored can be deleted."))
    if review.actions.alive().exists() or review.lessons.alive().exists():
        raise WrongStatus(_("Follow-up actions or lessons come from this review: delete or move them first."))
    review.deleted_at = timezone.now()
    review.save(update_fields=["deleted_at"])
    _record(
        actor,
        "evaluation.review_deleted",
        project,
        review,
        period_start=review.period_start.isoformat(),
        period_end=review.period_end.isoformat(),
    )
    return review


# --- each partner's assessment -------------------------------------------------------------------------


def _score(value) -> int:
    """An integer from 1 to 4; digits typed in a form are read as a number, nothing else is."""
    if isinstance(value, str):
        digits = value.strip()
        # ASCII digits only ("²" and "٣" are digits to str.isdigit), and few of them (int() limits its input).
        if digits.isascii() and digits.isdigit() and len(digits) < 10:
            value = int(digits)
    if isinstance(value, bool) or not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        raise InvalidInput(_("A score must be between 1 and 4."))
    return value


def _pair(value) -> tuple[Any, str]:
    if isinstance(value, Mapping):
        return value.get("score"), value.get("narrative") or ""
    if isinstance(value, list | tuple):
        if not 1 <= len(value) <= 2:
            raise InvalidInput(_("Give a score and, if you like, a narrative for each criterion."))
        return value[0], (value[1] if len(value) == 2 else "") or ""
    return value, ""


def _assessment(review: Review, authority) -> Assessment:
    assessment = Assessment.objects.select_for_update().filter(review=review, authority=authority).first()
    if assessment is None:
        raise NotAllowed(_("%(authority)s is not a partner of this review.") % {"authority": authority})
    return assessment


def _check_score_for(actor, project, authority) -> None:
    _require(
        review_permissions.can_score_for(actor, project, authority.pk),
        _("Only members of %(authority)s score for %(authority)s.") % {"authority": authority},
    )


@transaction.atomic
def assessment_save(*, actor, review: Review, authority, scores: Mapping, language: str) -> Assessment:
    """Save some or all of a partner's scores: `{criterion: (score, narrative)}` (or `{"score", "narrative"}`
    dicts); a score of None removes that criterion's score. Until submitted, the partner may change them."""
    project = _project(review)
    _check_score_for(actor, project, authority)
    review = _locked(review)
    _check_scoring(review, _("The scores can only change while the partners are scoring."))
    assessment = _assessment(review, authority)
    if assessment.submitted_at is not None:
        raise WrongStatus(_("%(authority)s has already submitted its assessment.") % {"authority": authority})
    language = check_language(language)
    if not isinstance(scores, Mapping):
        raise InvalidInput(_("Give the scores by criterion."))
    cleaned: dict[str, tuple[int | None, str]] = {}
    for criterion, value in scores.items():
        if criterion not in Criterion.values:
            raise InvalidInput(_("Unknown criterion: %(criterion)s.") % {"criterion": str(criterion)[:30]})
        score, narrative = _pair(value)
        narrative = _text(str(narrative), MAX_NARRATIVE)
        cleaned[criterion] = (None if score in (None, "") else _score(score), narrative)
    existing = {s.criterion: s for s in assessment.scores.all()}
    for criterion, (score, narrative) in cleaned.items():
        row = existing.get(criterion)
        if score is None:
            if row is not None:
                row.delete()
        elif row is None:
            Score.objects.create(assessment=assessment, criterion=criterion, score=score, narrative=narrative)
        elif (row.score, row.narrative) != (score, narrative):
            row.score, row.narrative = score, narrative
            row.save()
    assessment.language = language
    assessment.updated_by = actor
    assessment.save()
    _record(
        actor,
        "evaluation.assessment_saved",
        project,
        review,
        authority=authority.pk,
        name=str(authority),
    )
    return assessment


@transaction.atomic
def assessment_submit(*, actor, review: Review, authority) -> Assessment:
    """Hand in a partner's complete assessment; the last partner to do so opens the joint synthesis."""
    project = _project(review)
    _check_score_for(actor, project, authority)
    review = _locked(review)
    _check_scoring(review, _("The partners have already all submitted their assessments."))
    assessment = _assessment(review, authority)
    if assessment.submitted_at is not None:
        raise WrongStatus(_("%(authority)s has already submitted its assessment.") % {"authority": authority})
    scored = set(assessment.scores.values_list("criterion", flat=True))
    missing = [str(c.label) for c in Criterion if c.value not in scored]
    if missing:
        raise InvalidInput(
            _("Score every criterion before submitting. Missing: %(criteria)s.")
            % {"criteria": ", ".join(missing)}
        )
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor
    assessment.updated_by = actor
    assessment.save()
    everyone = not review.assessments.filter(submitted_at__isnull=True).exists()
    if everyone:
        lifecycle.change_status(review, ReviewStatus.SYNTHESIS)
    _record(
        actor,
        "evaluation.assessment_submitted",
        project,
        review,
        authority=authority.pk,
        name=str(authority),
        every_partner_submitted=everyone,
    )
    partners_notify(
        project,
        "review.scores_revealed" if everyone else "review.assessment_submitted",
        actor,
        review=review.pk,
        name=str(authority),
    )
    return assessment


# --- the joint synthesis and its approval -------------------------------------------------------------


@transaction.atomic
def review_synthesis_update(*, actor, review: Review, synthesis: str, language: str, version: int) -> Review:
    """Write or correct the joint synthesis; approvals given to an earlier version no longer count.

    `version` is the `synthesis_version` the writer started from (0 before any): when someone saved in
    between, StaleVersion carries their text (`current`, `current_version`) and the writer's (`submitted`).
    """
    project = _project(review)
    _check_edit(actor, project)
    review = _locked(review)
    if review.status != ReviewStatus.SYNTHESIS:
        raise WrongStatus(
            _("The synthesis is written after every partner has submitted its scores, until it is approved.")
        )
    if isinstance(version, bool) or not isinstance(version, int):
        raise InvalidInput(_("Send the version of the synthesis you started from (0 before any)."))
    if version != review.synthesis_version:
        error = StaleVersion(
            _(
                "Someone saved the synthesis (version %(number)s) after you opened it: compare it with your "
                "text and save again."
            )
            % {"number": review.synthesis_version},
            current={"synthesis": review.synthesis, "language": review.synthesis_language},
            submitted={"synthesis": synthesis, "language": language},
        )
        error.current_version = review.synthesis_version
        raise error
    language = check_language(language)
    synthesis = _text(synthesis)
    if not synthesis:
        raise InvalidInput(_("Write the joint synthesis."))
    if synthesis != review.synthesis or language != review.synthesis_language:
        review.synthesis = synthesis
        review.synthesis_language = language
        review.synthesis_version += 1
        review.save(update_fields=["synthesis", "synthesis_language", "synthesis_version"])
        _record(
            actor, "evaluation.review_synthesis_updated", project, review, version=review.synthesis_version
        )
        partners_notify(
            project, "review.synthesis_updated", actor, review=review.pk, version=review.synthesis_version
        )
    return review


@transaction.atomic
def review_approve(*, actor, review: Review, authority, version: int) -> ReviewApproval:
    """A partner authority approves the `version` of the synthesis the approver read (it must be the
    current one: StaleVersion otherwise, InvalidInput when none is given); approving it twice is harmless.
    The last approval completes the review and has its A07 report stored after commit."""
    project = _project(review)
    _require(
        review_permissions.can_approve_review_for(actor, project, authority.pk),
        _("Only an officer or an elected official of %(authority)s approves for it.")
        % {"authority": authority},
    )
    review = _locked(review)

    def create() -> ReviewApproval:
        if review.status != ReviewStatus.SYNTHESIS:
            raise WrongStatus(
                _("The synthesis is approved after every partner has submitted its scores.")
                if review.status == ReviewStatus.SCORING
                else _("This review is already completed.")
            )
        if not review.synthesis.strip():
            raise WrongStatus(_("There is no synthesis to approve yet."))
        if not Assessment.objects.filter(review=review, authority=authority).exists():
            raise NotAllowed(_("%(authority)s is not a partner of this review.") % {"authority": authority})
        return ReviewApproval.objects.create(
            review=review, authority=authority, synthesis_version=review.synthesis_version, approved_by=actor
        )

    approval, created = approvals.approval_give(
        current=review.synthesis_version,
        read=version,
        authority=authority,
        # Before any synthesis there is nothing to approve twice: version 0 always goes to the checks.
        approvals=review.approvals.filter(
            synthesis_version=review.synthesis_version, synthesis_version__gt=0
        ),
        create=create,
        errors=APPROVAL_ERRORS,
        current_content={"synthesis": review.synthesis, "language": review.synthesis_language},
        stale_message=_(
            "A new version %(number)s of the synthesis was saved meanwhile: read it before approving."
        )
        % {"number": review.synthesis_version},
    )
    if not created:
        return approval
    required = review_selectors.review_partners(review)
    current = review.approvals.filter(synthesis_version=review.synthesis_version)
    completed = not approvals.partners_missing(required, current)
    if completed:
        lifecycle.change_status(review, ReviewStatus.COMPLETED)
    _record(
        actor,
        "evaluation.review_approved",
        project,
        review,
        authority=authority.pk,
        name=str(authority),
        version=review.synthesis_version,
        completed=completed,
    )
    if completed:
        review_id, actor_id = review.pk, actor.pk
        transaction.on_commit(lambda: review_report_store.enqueue(review_id=review_id, actor_id=actor_id))
        partners_notify(project, "review.completed", actor, review=review.pk)
    return approval
