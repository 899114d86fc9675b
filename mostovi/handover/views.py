"""Downloading a handover pack: a project's or a partnership's, as PDF or DOCX, in the reader's language.

A project the reader may not see answers 404, like one that does not exist (the project pages do the
same); a partnership is public, and its pack holds only the joint projects the reader may see.
"""

from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from mostovi.partnerships.permissions import can_view_partnership
from mostovi.partnerships.selectors import partnership_get_for_page
from mostovi.projects.permissions import can_view_project

from . import selectors
from .render import render_docx, render_pdf

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def attachment(content: bytes, *, kind: str, fmt: str, pk: int) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"handover-{pk}-{timezone.localdate().isoformat()}.{fmt}"
    if kind != "project":
        filename = f"handover-{kind}-{pk}-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def visible_project(user, pk: int):
    project = selectors.pack_project_get(pk=pk)
    if project is None or not can_view_project(user, project):
        return None
    return project


def project_document(*, user, project, fmt: str, language: str) -> bytes:
    with translation.override(language):
        pack = selectors.project_pack(project=project)
        meta = selectors.pack_meta(user=user)
        if fmt == "pdf":
            return render_pdf(meta=meta, pack=pack)
        return render_docx(meta=meta, pack=pack)


def partnership_document(*, user, partnership, fmt: str, language: str) -> bytes:
    with translation.override(language):
        data = selectors.partnership_pack(partnership=partnership, user=user)
        meta = selectors.pack_meta(user=user)
        if fmt == "pdf":
            return render_pdf(meta=meta, partnership=data)
        return render_docx(meta=meta, partnership=data)


@require_GET
def project_pack(request, pk: int, fmt: str):
    project = visible_project(request.user, pk)
    if project is None:
        raise Http404
    content = project_document(user=request.user, project=project, fmt=fmt, language=request.LANGUAGE_CODE)
    return attachment(content, kind="project", fmt=fmt, pk=project.pk)


@require_GET
def partnership_pack(request, pk: int, fmt: str):
    partnership = partnership_get_for_page(pk=pk)
    if partnership is None or partnership.deleted_at is not None:
        raise Http404
    if not can_view_partnership(request.user, partnership):
        raise Http404
    content = partnership_document(
        user=request.user, partnership=partnership, fmt=fmt, language=request.LANGUAGE_CODE
    )
    return attachment(content, kind="partnership", fmt=fmt, pk=partnership.pk)
