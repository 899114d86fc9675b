"""Requests to join an authority, and their decision."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core.services import event_record

from .. import permissions
from ..exceptions import (
    InvalidInput,
    InvitationRefused,
    NotAllowed,
    WrongStatus,
)
from ..models import (
    JoinRequest,
    Membership,
    Role,
    User,
)
from .memberships import _membership_start, person_tell

# --- requests to join an authority ----------------------------------------------------------------

JOIN_ROLES = (Role.OFFICER, Role.ELECTED, Role.TECHNICAL)


@transaction.atomic
def join_request_create(*, actor: User, organisation, role: str, message: str = "") -> JoinRequest:
    """A signed-in person asks to act for `organisation` in `role`; nobody is told who else is a member."""
    if not actor.is_authenticated:
        raise NotAllowed(_("Sign in to ask to join an authority."))
    if role not in JOIN_ROLES:
        raise InvalidInput(_("Choose the role: officer, elected official or technical staff."))
    if Membership.objects.active().filter(user=actor, organisation=organisation, role=role).exists():
        raise InvitationRefused(
            _("You already act for %(organisation)s in this role.") % {"organisation": organisation}
        )
    if JoinRequest.objects.filter(
        user=actor, organisation=organisation, role=role, status=JoinRequest.Status.PENDING
    ).exists():
        raise InvitationRefused(
            _("Your request to join %(organisation)s is already waiting for a decision.")
            % {"organisation": organisation}
        )
    join_request = JoinRequest.objects.create(
        user=actor, organisation=organisation, role=role, message=(message or "").strip()[:4000]
    )
    event_record(
        actor=actor,
        kind="join_request.created",
        target=join_request,
        scope=organisation,
        data={"user": actor.email, "role": role},
    )
    return join_request


@transaction.atomic
def join_request_decide(
    *, actor: User, join_request: JoinRequest, accept: bool, reason: str = ""
) -> JoinRequest:
    """Accept (the membership starts, confirmed, granted by the decider) or refuse (with a reason)."""
    join_request = (
        JoinRequest.objects.select_for_update().select_related("organisation", "user").get(pk=join_request.pk)
    )
    if not permissions.can_decide_join_request(actor, join_request):
        raise NotAllowed(_("You cannot decide this request."))
    if join_request.status != JoinRequest.Status.PENDING:
        raise WrongStatus(_("This request was already decided."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise InvalidInput(_("Say why the request is refused: the person will read it."))
    members_decide = permissions.join_request_deciders(join_request.organisation) == "members"
    # Nobody grants a role above their own: an officer accepts officers and technical staff.
    granted = permissions.can_grant_role(actor, join_request.organisation, join_request.role)
    if accept and not actor.is_staff and members_decide and not granted:
        raise NotAllowed(
            _("You cannot give a role above your own: an elected official accepts elected officials.")
        )
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.REFUSED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.reason = reason[:2000]
    join_request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    event_record(
        actor=actor,
        kind="join_request.accepted" if accept else "join_request.refused",
        target=join_request,
        scope=join_request.organisation,
        data={"user": join_request.user.email, "role": join_request.role, "reason": join_request.reason},
    )
    if accept:
        _membership_start(
            user=join_request.user,
            organisation=join_request.organisation,
            role=join_request.role,
            can_approve=False,
            actor=actor,
            granted_by=actor,
        )
    values = {"organisation": join_request.organisation, "reason": join_request.reason}
    if accept:
        person_tell(
            join_request.user,
            subject=lambda: _("You act for %(organisation)s on Mostovi") % values,
            body=lambda: (
                _("Your request to act for %(organisation)s was accepted: you act for it from now on.")
                % values
            ),
        )
    else:
        person_tell(
            join_request.user,
            subject=lambda: _("Your request to join %(organisation)s was refused") % values,
            body=lambda: (
                _("Your request to act for %(organisation)s was refused, for this reason: %(reason)s")
                % values
            ),
        )
    return join_request
