"""The project pages. Views shape input and output; the services decide and write, the predicates allow.

Not visible → 404; visible but not allowed → 403 with the reason; a closed gate or a conflict → 409 with
the page re-rendered so that nothing typed is lost; input refused → 422 with the form and its errors.
"""

from .documents import (
    activity_add,
    activity_status,
    comment_post,
    document_download,
    document_upload,
    document_version_add,
    project_timeline,
)
from .mission import (
    mission_accept,
    mission_save,
)
from .notifications import (
    notifications,
    unheld_responsibilities,
)
from .pages import (
    authority_search,
    project_create,
    project_delete,
    project_deleted_list,
    project_detail,
    project_edit,
    project_list,
    project_restore,
    project_transition,
    project_translate,
)
from .partners import (
    organisation_search,
    participant_add,
    partner_add,
    partner_invite,
    partner_roles,
)
from .programme import (
    programme_approve,
    programme_compare,
    programme_edit,
)
from .told import decision_told

__all__ = [
    "activity_add",
    "activity_status",
    "authority_search",
    "comment_post",
    "decision_told",
    "document_download",
    "document_upload",
    "document_version_add",
    "mission_accept",
    "mission_save",
    "notifications",
    "organisation_search",
    "participant_add",
    "partner_add",
    "partner_invite",
    "partner_roles",
    "programme_approve",
    "programme_compare",
    "programme_edit",
    "project_create",
    "project_delete",
    "project_deleted_list",
    "project_detail",
    "project_edit",
    "project_list",
    "project_restore",
    "project_timeline",
    "project_transition",
    "project_translate",
    "unheld_responsibilities",
]
