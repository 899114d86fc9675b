"""The A07 report of a completed joint review: what it shows, rendered as HTML, stored as a PDF (or HTML
without WeasyPrint) among the project's documents by a background task."""

import hashlib
import importlib.util

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mostovi.accounts.models import User
from mostovi.core.formats import format_date
from mostovi.core.pdf import html_to_pdf
from mostovi.core.services import event_record
from mostovi.projects.models import Document, DocumentCategory, DocumentVersion
from mostovi.projects.selectors import project_get_for_page, project_text

from ..models import (
    Review,
    ReviewStatus,
)
from . import selectors as review_selectors


def report_pdf_available() -> bool:
    """Whether the PDF renderer (WeasyPrint) is installed; without it the report is stored as HTML."""
    return importlib.util.find_spec("weasyprint") is not None


def review_report_context(*, review: Review, user=None) -> dict:
    """What the report shows: the period, what was done, both assessments, the synthesis, the approvals,
    the follow-up actions and lessons. Scores still hidden from `user` are left out."""

    project = review.project
    title = project_text(project, "title")
    actions, lessons = review_selectors.review_follow_ups(review=review)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return {
        "project": project,
        "title": title.text if title else f"#{project.pk}",
        "view": review_selectors.review_view(review=review, user=user),
        "review": review,
        "actions": actions,
        "lessons": lessons,
        "score_labels": review_selectors.SCORE_LABELS,
        "generated_at": timezone.now(),
    }


def review_report_html(*, review: Review, user=None) -> str:
    return render_to_string("evaluation/review_report.html", review_report_context(review=review, user=user))


def _report_title(review: Review) -> str:
    return _("Joint review report %(start)s – %(end)s") % {
        "start": format_date(review.period_start),
        "end": format_date(review.period_end),
    }


@task()
def review_report_store(*, review_id: int, actor_id: int) -> int | None:
    """Store the report of a completed review as a project document (IATI A07, evaluation report): a PDF
    when the PDF renderer is installed, else HTML. Runs once per review: a second run finds the document."""

    review = Review.objects.alive().filter(pk=review_id, status=ReviewStatus.COMPLETED).first()
    actor = User.objects.filter(pk=actor_id).first()
    if review is None or actor is None:
        return None
    review = review_selectors.review_get(project=review.project, pk=review.pk)
    review.project = project_get_for_page(pk=review.project_id)
    if review.project is None:
        return None
    with translation.override(review.language):
        title = _report_title(review)
        html = review_report_html(review=review)
    existing = Document.objects.alive().filter(
        project=review.project, category=DocumentCategory.EVALUATION, title=title
    )
    if existing.exists():
        return existing.first().pk
    if report_pdf_available():
        content, content_type, extension = html_to_pdf(html), "application/pdf", "pdf"
    else:
        content, content_type, extension = html.encode("utf-8"), "text/html", "html"
    filename = f"review-{review.period_start.isoformat()}-{review.period_end.isoformat()}.{extension}"
    with transaction.atomic():
        document = Document.objects.create(
            project=review.project,
            category=DocumentCategory.EVALUATION,
            title=title,
            language=review.language,
            uploaded_by=actor,
        )
        version = DocumentVersion(
            document=document,
            number=1,
            filename=filename,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=actor,
        )
        version.file.save(filename, ContentFile(content), save=False)
        version.save()
        event_record(
            actor=None,
            kind="document.uploaded",
            target=document,
            scope=review.project,
            data={"title": title, "category": DocumentCategory.EVALUATION, "version": 1, "review": review.pk},
        )
    return document.pk
