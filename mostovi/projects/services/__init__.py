"""Every write to a project. Each service checks its own permission, runs atomically and leaves an event."""

from .common import (
    ACTIONS_MAX,
    APPROVAL_ERRORS,
    partners_notify,
)
from .documents import (
    MENTION,
    activity_create,
    activity_delete,
    activity_restore,
    activity_status_set,
    comment_post,
    document_add_version,
    document_delete,
    document_upload,
    notifications_mark_read,
)
from .mission import (
    MISSION_FIELDS,
    mission_accept,
    mission_record,
    mission_update,
)
from .partners import (
    participant_add,
    partner_add,
    partner_set_roles,
    project_invitation_create,
)
from .programme import (
    ACTION_FIELDS,
    programme_approve,
    programme_update,
)
from .project import (
    PROJECT_FIELDS,
    project_create,
    project_delete,
    project_restore,
    project_text_set,
    project_transition,
    project_update,
)

__all__ = [
    "ACTIONS_MAX",
    "ACTION_FIELDS",
    "APPROVAL_ERRORS",
    "MENTION",
    "MISSION_FIELDS",
    "PROJECT_FIELDS",
    "activity_create",
    "activity_delete",
    "activity_restore",
    "activity_status_set",
    "comment_post",
    "document_add_version",
    "document_delete",
    "document_upload",
    "mission_accept",
    "mission_record",
    "mission_update",
    "notifications_mark_read",
    "participant_add",
    "partner_add",
    "partner_set_roles",
    "partners_notify",
    "programme_approve",
    "programme_update",
    "project_create",
    "project_delete",
    "project_invitation_create",
    "project_restore",
    "project_text_set",
    "project_transition",
    "project_update",
]
