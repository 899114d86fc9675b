"""Activities, documents, discussion and the timeline of a project."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mostovi.core.http import forbidden as _forbidden

from .. import services
from ..exceptions import InvalidInput, NotAllowed
from ..forms import (
    ActivityForm,
    CommentForm,
    DocumentForm,
    DocumentVersionForm,
)
from .page import (
    _authorities,
    _detail_url,
    _invalid,
    _is_htmx,
    _render_page,
    _timeline_page,
    _title,
    _visible_project,
)

# --- activities, documents, discussion, timeline --------------------------------------------------


@require_POST
@login_required
def activity_add(request, pk: int):
    project = _visible_project(request, pk)
    form = ActivityForm(request.POST, partners=_authorities(project))
    if not form.is_valid():
        return _render_page(request, project, status=422, activity_form=form)
    data = form.cleaned_data
    try:
        services.activity_create(
            actor=request.user,
            project=project,
            title=data["title"],
            partner_id=data["partner"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            is_milestone=data["is_milestone"],
            status=data["status"],
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        return _invalid(request, project, error, "activity_form", form)
    messages.success(request, _("The activity was added."))
    return redirect(_detail_url(project, "activities"))


@require_POST
@login_required
def activity_status(request, pk: int, activity_pk: int):
    project = _visible_project(request, pk)
    activity = project.activities.filter(pk=activity_pk, deleted_at=None).first()
    if activity is None:
        raise Http404
    try:
        services.activity_status_set(
            actor=request.user, activity=activity, status=request.POST.get("status", "")
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        messages.error(request, str(error))
        return redirect(_detail_url(project, "activities"))
    messages.success(
        request,
        _("“%(title)s” is now: %(status)s.")
        % {"title": activity.title, "status": activity.get_status_display()},
    )
    return redirect(_detail_url(project, "activities"))


@require_POST
@login_required
def document_upload(request, pk: int):
    project = _visible_project(request, pk)
    form = DocumentForm(request.POST, request.FILES, partners=_authorities(project))
    if not form.is_valid():
        return _render_page(request, project, status=422, document_form=form)
    data = form.cleaned_data
    try:
        services.document_upload(
            actor=request.user,
            project=project,
            category=data["category"],
            title=data["title"],
            language=data["language"],
            uploaded=data["file"],
            signatures=form.signatures(),
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        return _invalid(request, project, error, "document_form", form)
    messages.success(request, _("The document was uploaded."))
    return redirect(_detail_url(project, "documents"))


def _document(project, document_pk: int):
    document = next((d for d in project.documents.all() if d.pk == document_pk), None)
    if document is None:
        raise Http404
    return document


@require_POST
@login_required
def document_version_add(request, pk: int, document_pk: int):
    project = _visible_project(request, pk)
    document = _document(project, document_pk)
    form = DocumentVersionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the file of the new version."))
        return _render_page(request, project, status=422, version_errors={document.pk: form.errors})
    try:
        services.document_add_version(
            actor=request.user, document=document, uploaded=form.cleaned_data["file"]
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        return _render_page(request, project, status=422, version_errors={document.pk: [str(error)]})
    messages.success(request, _("The new version was uploaded."))
    return redirect(_detail_url(project, "documents"))


@require_GET
def document_download(request, pk: int, document_pk: int, number: int):
    project = _visible_project(request, pk)
    document = _document(project, document_pk)
    version = next((v for v in document.versions.all() if v.number == number), None)
    if version is None:
        raise Http404
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.filename,
        content_type=version.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def comment_post(request, pk: int):
    project = _visible_project(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_page(request, project, status=422, comment_form=form)
    try:
        services.comment_post(actor=request.user, project=project, body=form.cleaned_data["body"])
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        return _invalid(request, project, error, "comment_form", form)
    messages.success(request, _("Your message was posted."))
    return redirect(_detail_url(project, "discussion"))


@require_GET
def project_timeline(request, pk: int):
    """The timeline from `offset`: the next entries for "show more" (HTMX), or a page of its own."""
    project = _visible_project(request, pk)
    offset = request.GET.get("offset", "0")
    offset = int(offset) if offset.isdigit() else 0
    events, more = _timeline_page(project, offset)
    context = {"project": project, "title": _title(project), "events": events, "more_events": more}
    template = "projects/_timeline_items.html" if _is_htmx(request) else "projects/timeline.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
