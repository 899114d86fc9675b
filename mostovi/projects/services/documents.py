"""Activities, documents, the discussion and notifications read."""

import hashlib
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.accounts.models import User
from mostovi.core import text

from .. import permissions
from ..documents import ALLOWED, sniff_upload, stored_name
from ..exceptions import InvalidInput
from ..models import (
    Activity,
    ActivityStatus,
    Comment,
    Document,
    DocumentCategory,
    DocumentVersion,
    Project,
)
from .common import _check_language, _dates, _line, _record, _reload, _require, partners_notify
from .project import _jsonable

# --- activities, documents, discussion ----------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor: User,
    project: Project,
    title: str,
    partner_id: int,
    starts_on=None,
    ends_on=None,
    is_milestone: bool = False,
    status: str = ActivityStatus.PLANNED,
) -> Activity:
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if partner_id not in {p.authority_id for p in project.partners.all()}:
        raise InvalidInput(_("The responsible partner must be one of the project's partners."))
    title = _line(title, _("Title"), required=_("A title is required."), limit=255)
    _dates(starts_on, ends_on)
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput(_("The activity cannot end before it starts."))
    if status not in ActivityStatus.values:
        raise InvalidInput(_("Unknown status: %(status)s.") % {"status": status[:20]})
    activity = Activity.objects.create(
        project=project,
        title=title,
        partner_id=partner_id,
        starts_on=starts_on,
        ends_on=ends_on,
        is_milestone=is_milestone,
        status=status,
        created_by=actor,
    )
    _record(actor, "activity.created", project, target=activity, title=activity.title)
    return activity


@transaction.atomic
def activity_status_set(*, actor: User, activity: Activity, status: str) -> Activity:
    """A partner brings an activity's status up to date (done, delayed…); the timeline says what changed."""
    project = _reload(activity.project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if activity.deleted_at is not None or activity.project_id != project.pk:
        raise InvalidInput(_("This activity was deleted."))
    if status not in ActivityStatus.values:
        raise InvalidInput(_("Unknown status: %(status)s.") % {"status": str(status)[:20]})
    if activity.status != status:
        before = activity.status
        activity.status = status
        activity.save(update_fields=["status"])
        _record(
            actor,
            "activity.status_set",
            project,
            target=activity,
            title=activity.title,
            old=before,
            new=status,
        )
    return activity


@transaction.atomic
def activity_delete(*, actor: User, activity: Activity) -> Activity:
    project = _reload(activity.project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if activity.deleted_at is None:
        activity.deleted_at = timezone.now()
        activity.save(update_fields=["deleted_at"])
        _record(actor, "activity.deleted", project, target=activity, title=activity.title)
    return activity


@transaction.atomic
def activity_restore(*, actor: User, activity: Activity) -> Activity:
    project = _reload(activity.project)
    _require(
        permissions.can_restore_project(actor, project),
        _("Only officers of a partner authority can restore."),
    )
    if activity.deleted_at is not None:
        activity.deleted_at = None
        activity.save(update_fields=["deleted_at"])
        _record(actor, "activity.restored", project, target=activity, title=activity.title)
    return activity


def _store_version(*, actor, document: Document, uploaded) -> DocumentVersion:
    max_bytes = settings.DOCUMENT_MAX_BYTES
    if uploaded.size > max_bytes:
        raise InvalidInput(
            _("The file is too large: %(size)s MB at most.") % {"size": max_bytes // (1024 * 1024)}
        )
    content_type = sniff_upload(uploaded)
    if content_type not in ALLOWED:
        raise InvalidInput(
            _("This kind of file is not accepted: PDF, Word, Excel, OpenDocument, PNG or JPEG only.")
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    name = stored_name(uploaded.name, content_type)
    version = DocumentVersion(
        document=document,
        number=number,
        filename=name,
        content_type=content_type,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    version.file.save(name, uploaded, save=False)
    version.save()
    return version


@transaction.atomic
def document_upload(
    *,
    actor: User,
    project: Project,
    category: str,
    title: str,
    language: str,
    uploaded,
    signatures: dict | None = None,
) -> Document:
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if category not in DocumentCategory.values:
        raise InvalidInput(_("Unknown document kind: %(kind)s.") % {"kind": category[:10]})
    _check_language(language)
    partner_ids = {str(p.authority_id) for p in project.partners.all()}
    signatures = {str(k): _jsonable(v) for k, v in (signatures or {}).items() if v}
    if set(signatures) - partner_ids:
        raise InvalidInput(_("Signatures can only be those of the project's partners."))
    document = Document.objects.create(
        project=project,
        category=category,
        title=(title or "").strip()[:255] or uploaded.name[:255],
        language=language,
        signatures=signatures,
        uploaded_by=actor,
    )
    version = _store_version(actor=actor, document=document, uploaded=uploaded)
    _record(
        actor,
        "document.uploaded",
        project,
        target=document,
        title=document.title,
        category=category,
        version=version.number,
    )
    return document


@transaction.atomic
def document_add_version(*, actor: User, document: Document, uploaded) -> DocumentVersion:
    project = _reload(document.project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    version = _store_version(actor=actor, document=document, uploaded=uploaded)
    _record(
        actor,
        "document.version_added",
        project,
        target=document,
        title=document.title,
        version=version.number,
    )
    return version


@transaction.atomic
def document_delete(*, actor: User, document: Document) -> Document:
    project = _reload(document.project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if document.deleted_at is None:
        document.deleted_at = timezone.now()
        document.save(update_fields=["deleted_at"])
        _record(actor, "document.deleted", project, target=document, title=document.title)
    return document


MENTION = re.compile(r"@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


@transaction.atomic
def comment_post(*, actor: User, project: Project, body: str) -> Comment:
    project = _reload(project)
    _require(
        permissions.can_comment_project(actor, project),
        _("Only the project's partners and participants can discuss."),
    )
    body = text.clean_text(body, what=_("Message"), error=InvalidInput, limit=10_000)
    if not body:
        raise InvalidInput(_("The message is empty."))
    comment = Comment.objects.create(project=project, author=actor, body=body)
    emails = {m.lower() for m in MENTION.findall(body)}
    mentioned = [u for u in User.objects.filter(email__in=emails) if permissions.can_view_project(u, project)]
    comment.mentions.set(mentioned)
    _record(actor, "comment.posted", project, target=comment, comment=comment.pk)
    partners_notify(project, "comment.posted", actor, comment=comment.pk, mentions=[u.pk for u in mentioned])
    return comment


@transaction.atomic
def notifications_mark_read(*, actor: User, notification_id: int | None = None) -> int:
    """Mark the actor's unread notifications (or only one) as read; returns how many changed.

    Reading one's own notifications is not a project event: nothing is journaled.
    """
    from ..models import Notification

    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
