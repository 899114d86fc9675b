"""Every write to the exchange. Each service checks its own permission, runs atomically and leaves an event.

`actor=None` is a write by the platform itself (the demo set-up); no request ever passes it.
"""

from .common import (
    BODY_MAX,
    DURATION_MAX,
    MESSAGE_MAX,
    SAVED_FILTERS_MAX,
    TITLE_MAX,
)
from .filters import (
    saved_filter_create,
    saved_filter_delete,
    suggestion_dismiss,
)
from .interests import (
    CREATE_CHOICES,
    interest_accept,
    interest_decline,
    interest_message_post,
    interest_open,
)
from .posts import (
    POST_FIELDS,
    post_close,
    post_create,
    post_delete,
    post_reopen,
    post_restore,
    post_translate,
    post_update,
)

__all__ = [
    "BODY_MAX",
    "CREATE_CHOICES",
    "DURATION_MAX",
    "MESSAGE_MAX",
    "POST_FIELDS",
    "SAVED_FILTERS_MAX",
    "TITLE_MAX",
    "interest_accept",
    "interest_decline",
    "interest_message_post",
    "interest_open",
    "post_close",
    "post_create",
    "post_delete",
    "post_reopen",
    "post_restore",
    "post_translate",
    "post_update",
    "saved_filter_create",
    "saved_filter_delete",
    "suggestion_dismiss",
]
