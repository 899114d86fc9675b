"""What every project service shares: the event record, input checks, locks."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership, MembershipStatus, User
from mostovi.core import approvals, text
from mostovi.core.services import event_record
from mostovi.directory.models import Organisation, OrganisationKind

from ..exceptions import InvalidInput, NotAllowed, StaleVersion
from ..models import (
    Project,
)
from ..selectors import project_get_for_page

# Actions in one programme version (a programme of intervention choices holds a few dozen).
ACTIONS_MAX = 200

# The approval building block raises the projects' own exceptions (409 and 422).
APPROVAL_ERRORS = approvals.ApprovalErrors(stale=StaleVersion, invalid=InvalidInput)


def _record(actor, kind: str, project: Project, target=None, **data: Any) -> None:
    if _acts_provisionally(actor, project):
        # Marked on the timeline, in the API and in the handover pack: one partner invited this person.
        data["provisional"] = True
    event_record(actor=actor, kind=kind, target=target or project, scope=project, data=data)


def _acts_provisionally(actor, project: Project) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return (
        Membership.objects.active()
        .filter(user=actor, status=MembershipStatus.PROVISIONAL, project_scope=project.pk)
        .exists()
    )


def partners_notify(project: Project, kind: str, actor: User | None, **data: Any) -> None:
    from ..tasks import notify_partners

    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(
        lambda: notify_partners.enqueue(project_id=project.pk, kind=kind, actor_id=actor_id, data=data)
    )


def _reload(project: Project) -> Project:
    """The project with its relations prefetched (conditions and permissions read them)."""
    return project_get_for_page(pk=project.pk, include_deleted=True)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _lock(project: Project) -> None:
    """Serialise concurrent writes to one project (no-op on SQLite, which serialises writers itself)."""
    Project.objects.select_for_update().filter(pk=project.pk).first()


def _check_language(language: str) -> str:
    """A known language code, canonical ("sr-Latn" is stored "sr-latn")."""
    return text.clean_language(language, error=InvalidInput)


def _line(value, what: str, *, required: str = "", limit: int = text.LINE_MAX) -> str:
    return text.clean_line(value, what=what, error=InvalidInput, required=required, limit=limit)


def _text(value, what: str, *, required: str = "") -> str:
    return text.clean_text(value, what=what, error=InvalidInput, required=required)


def _dates(*days) -> None:
    text.check_dates(*days, error=InvalidInput)


def _locations(values) -> list:
    """Places of the project: a short list of one-line names (or small records of them), bounded."""
    if not isinstance(values, list) or len(values) > text.CODES_MAX:
        raise InvalidInput(_("Locations: a list of %(limit)s places at most.") % {"limit": text.CODES_MAX})

    def clean(value, depth=0):
        if isinstance(value, str):
            return _line(value, _("Locations"))
        if value is None or isinstance(value, bool | int | float):
            return value
        if depth < 2 and isinstance(value, dict) and len(value) <= 20:
            return {_line(str(k), _("Locations"), limit=60): clean(v, depth + 1) for k, v in value.items()}
        if depth < 2 and isinstance(value, list) and len(value) <= 20:
            return [clean(v, depth + 1) for v in value]
        raise InvalidInput(_("Locations: a list of %(limit)s places at most.") % {"limit": text.CODES_MAX})

    return [clean(value) for value in values]


def _authorities(ids: list[int]) -> list[Organisation]:
    ids = list(dict.fromkeys(ids))
    found = {
        o.pk: o
        for o in Organisation.objects.alive().filter(pk__in=ids, kind=OrganisationKind.LOCAL_AUTHORITY)
    }
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise InvalidInput(_("Unknown local authority: %(ids)s.") % {"ids": ", ".join(unknown)})
    return [found[i] for i in ids]
