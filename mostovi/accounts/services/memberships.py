"""Memberships of an authority: created, delegated, ended (with the handlers registered for the end),
confirmed or refused while provisional."""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mostovi.core.mail import mail_enqueue
from mostovi.core.services import event_record

from .. import permissions
from ..exceptions import (
    InvalidInput,
    MembershipAlreadyEnded,
    NotAllowed,
    WrongStatus,
)
from ..models import (
    ApiToken,
    Membership,
    MembershipStatus,
    Role,
    User,
)
from .people import api_tokens_revoke_all


@transaction.atomic
def membership_create(
    *, actor: User | None, user: User, organisation, role: str, can_approve: bool = False
) -> Membership:
    """Give `user` a role in `organisation`; `actor` None is the platform itself (demo data, commands).

    Nobody grants a role above their own, nor one to themself; an elected official delegates approval.
    """
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    if actor is not None:
        if user.pk == actor.pk and not actor.is_staff:
            raise NotAllowed(_("You cannot give yourself a role: ask a colleague."))
        if not permissions.can_grant_role(actor, organisation, role):
            raise NotAllowed(
                _("You cannot give this role in %(organisation)s.") % {"organisation": organisation}
            )
        if can_approve and not (actor.is_staff or Role.ELECTED in _roles_of(actor, organisation)):
            raise NotAllowed(_("Only an elected official of the authority delegates approval."))
        if can_approve and role != Role.OFFICER:
            raise NotAllowed(_("Approval is delegated to officers only."))
    return _membership_start(
        user=user,
        organisation=organisation,
        role=role,
        can_approve=can_approve,
        actor=actor,
        granted_by=actor,
    )


def _roles_of(user: User, organisation) -> set[str]:
    return set(
        Membership.objects.active()
        .filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
    )


def _membership_start(
    *,
    user: User,
    organisation,
    role: str,
    can_approve: bool,
    actor: User | None,
    granted_by: User | None,
    provisional_in: int | None = None,
) -> Membership:
    """Create the membership once rights were checked; the grant goes on the organisation's timeline.

    `provisional_in` (a project id) makes it a provisional membership acting in that project only.
    """
    defaults = {"can_approve": can_approve}
    if provisional_in is not None:
        defaults |= {"status": MembershipStatus.PROVISIONAL, "project_scope": provisional_in}
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, ended_at=None, defaults=defaults
    )
    if created:
        event_record(
            actor=actor,
            kind="membership.started",
            target=membership,
            scope=organisation,
            data={
                "user": user.email,
                "organisation": organisation.pk,
                "role": role,
                "can_approve": can_approve,
                "granted_by": granted_by.pk if granted_by is not None else None,
            }
            | ({"status": membership.status, "project": provisional_in} if provisional_in else {}),
        )
    return membership


# Run by `membership_end` once the membership has ended, in its transaction: `handler(*, membership, actor)`.
# Filled by the apps above accounts in their `AppConfig.ready()` (`projects.continuity.register`).
MEMBERSHIP_END_HANDLERS: list[Callable[..., object]] = []


def membership_end_handler_register(handler: Callable[..., object]) -> None:
    """Run `handler(membership=…, actor=…)` whenever a membership ends (once, however often registered)."""
    if handler not in MEMBERSHIP_END_HANDLERS:
        MEMBERSHIP_END_HANDLERS.append(handler)


@transaction.atomic
def membership_approval_delegate(*, actor: User, membership: Membership, can_approve: bool) -> Membership:
    """Delegate to an officer (or withdraw) the approval of decisions for its authority."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if not permissions.can_delegate_approval(actor, membership):
        raise NotAllowed(_("Only an elected official of the authority delegates approval, to an officer."))
    if membership.ended_at is not None:
        raise MembershipAlreadyEnded(_("This membership has already ended."))
    if membership.can_approve == can_approve:
        return membership
    membership.can_approve = can_approve
    membership.save(update_fields=["can_approve"])
    event_record(
        actor=actor,
        kind="membership.approval_delegated" if can_approve else "membership.approval_withdrawn",
        target=membership,
        scope=membership.organisation,
        data={"user": membership.user.email, "organisation": membership.organisation_id},
    )
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership) -> Membership:
    """End a membership; nothing the member did is deleted."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not permissions.can_end_membership(actor, membership):
        raise NotAllowed(_("You cannot end this membership."))
    if membership.ended_at is not None:
        raise MembershipAlreadyEnded(_("This membership has already ended."))
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at"])
    event_record(
        actor=actor,
        kind="membership.ended",
        target=membership,
        scope=membership.organisation,
        data={
            "user": membership.user.email,
            "organisation": membership.organisation_id,
            "role": membership.role,
        },
    )
    # A token does not say which authority it was made for: the person makes a new one for what they still do.
    api_tokens_revoke_all(user=membership.user, reason=ApiToken.RevokedReason.MEMBERSHIP_ENDED, actor=actor)
    # What the member was responsible for moves to someone who stays: the apps that hold responsibilities
    # (projects' continuity) registered a handler, run here inside the same transaction.
    for handler in MEMBERSHIP_END_HANDLERS:
        handler(membership=membership, actor=actor)
    return membership


@transaction.atomic
def membership_expected_end_set(
    *, actor: User, membership: Membership, expected_end_on: date | None
) -> Membership:
    """Say when a member is expected to leave (end of a mandate, of a contract), or clear it with None."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if not permissions.can_set_expected_end(actor, membership):
        raise NotAllowed(_("You cannot say when this member is expected to leave."))
    if membership.ended_at is not None:
        raise MembershipAlreadyEnded(_("This membership has already ended."))
    if expected_end_on is not None and expected_end_on < timezone.localdate():
        raise InvalidInput(_("The expected departure date must be today or later."))
    previous = membership.expected_end_on
    if previous == expected_end_on:
        return membership
    membership.expected_end_on = expected_end_on
    membership.save(update_fields=["expected_end_on"])
    event_record(
        actor=actor,
        kind="membership.expected_end_set",
        target=membership,
        data={
            "user": membership.user.email,
            "organisation": membership.organisation_id,
            "role": membership.role,
            "expected_end_on": expected_end_on.isoformat() if expected_end_on else None,
            "previous": previous.isoformat() if previous else None,
        },
    )
    return membership


def person_tell(user: User, *, subject: Callable[[], str], body: Callable[[], str]) -> None:
    """E-mail the person a decision concerns, in their own language, once the decision is committed."""
    language = user.preferred_language or settings.LANGUAGE_CODE
    address = user.email

    def send() -> None:
        with translation.override(language):
            link = settings.SITE_URL.rstrip("/") + reverse("accounts:profile")
            mail_enqueue(to=[address], subject=subject(), body=f"{body()}\n\n{link}\n")

    transaction.on_commit(send)


def _membership_confirm(*, membership: Membership, actor: User | None, automatic: bool = False) -> Membership:
    membership.status = MembershipStatus.CONFIRMED
    membership.confirmed_by = actor
    membership.confirmed_at = timezone.now()
    project_id = membership.project_scope
    membership.project_scope = None
    membership.save(update_fields=["status", "confirmed_by", "confirmed_at", "project_scope"])
    event_record(
        actor=actor,
        kind="membership.confirmed",
        target=membership,
        scope=membership.organisation,
        data={
            "user": membership.user.email,
            "name": str(membership.user),
            "organisation": membership.organisation_id,
            "role": membership.role,
            "project": project_id,
            "automatic": automatic,
        },
    )
    if not automatic:
        values = {"organisation": membership.organisation}
        person_tell(
            membership.user,
            subject=lambda: _("Your membership of %(organisation)s is confirmed") % values,
            body=lambda: (
                _(
                    "Your membership of %(organisation)s on Mostovi is confirmed: you act for it from now "
                    "on, and your acceptances and approvals of the current versions count."
                )
                % values
            ),
        )
    return membership


def _provisional_to_decide(*, actor: User, membership: Membership, not_provisional: str, not_allowed: str):
    """The provisional membership, locked, that `actor` may confirm or refuse; the messages say which."""
    membership = (
        Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    )
    if membership.ended_at is not None:
        raise MembershipAlreadyEnded(_("This membership has already ended."))
    if membership.status != MembershipStatus.PROVISIONAL:
        raise WrongStatus(not_provisional)
    if not permissions.can_confirm_membership(actor, membership):
        raise NotAllowed(not_allowed % {"organisation": membership.organisation})
    return membership


@transaction.atomic
def membership_confirm(*, actor: User, membership: Membership) -> Membership:
    """Confirm a provisional membership: from now on its acceptances and approvals count."""
    membership = _provisional_to_decide(
        actor=actor,
        membership=membership,
        not_provisional=_("This membership is not provisional: there is nothing to confirm."),
        not_allowed=_(
            "A membership is confirmed by a confirmed officer or elected official of %(organisation)s, "
            "a coordinator of one of its networks, or platform staff."
        ),
    )
    return _membership_confirm(membership=membership, actor=actor)


@transaction.atomic
def membership_refuse(*, actor: User, membership: Membership, reason: str) -> Membership:
    """Refuse a provisional membership: it ends, with the reason; what the person did stays recorded and
    never counts."""
    membership = _provisional_to_decide(
        actor=actor,
        membership=membership,
        not_provisional=_("This membership is not provisional: end it from the members' page instead."),
        not_allowed=_(
            "A membership is refused by a confirmed officer or elected official of %(organisation)s, "
            "a coordinator of one of its networks, or platform staff."
        ),
    )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the membership is refused: the person will read it."))
    membership.status = MembershipStatus.REFUSED
    membership.refusal_reason = reason[:2000]
    membership.ended_at = timezone.now()
    membership.save(update_fields=["status", "refusal_reason", "ended_at"])
    event_record(
        actor=actor,
        kind="membership.refused",
        target=membership,
        scope=membership.organisation,
        data={
            "user": membership.user.email,
            "organisation": membership.organisation_id,
            "role": membership.role,
            "reason": membership.refusal_reason,
        },
    )
    api_tokens_revoke_all(user=membership.user, reason=ApiToken.RevokedReason.MEMBERSHIP_ENDED, actor=actor)
    for handler in MEMBERSHIP_END_HANDLERS:
        handler(membership=membership, actor=actor)
    organisation, reason = membership.organisation, membership.refusal_reason
    person_tell(
        membership.user,
        subject=lambda: _("Your membership of %(organisation)s was refused") % {"organisation": organisation},
        body=lambda: (
            _(
                "Your membership of %(organisation)s on Mostovi was refused, for this reason: %(reason)s\n"
                "What you did for it stays recorded and does not count."
            )
            % {"organisation": organisation, "reason": reason}
        ),
    )
    return membership


def provisional_approvers(pairs) -> set[tuple[int, int]]:
    """Among `(user_id, organisation_id)` pairs, those whose acts for the organisation do not count: the
    person holds (or held) a provisional membership there that was never confirmed, and no confirmed one."""
    pairs = {p for p in pairs if p[0] is not None}
    if not pairs:
        return set()
    users = {u for u, _o in pairs}
    rows = Membership.objects.filter(
        user_id__in=users, organisation_id__in={o for _u, o in pairs}
    ).values_list("user_id", "organisation_id", "status", "ended_at")
    confirmed, unconfirmed = set(), set()
    for user_id, organisation_id, status, _ended in rows:
        if status == MembershipStatus.CONFIRMED:
            confirmed.add((user_id, organisation_id))
        else:
            unconfirmed.add((user_id, organisation_id))
    return (unconfirmed - confirmed) & pairs
