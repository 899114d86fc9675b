"""Every write about people, memberships, invitations and API tokens."""

import secrets
from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mostovi.core.mail import mail_enqueue
from mostovi.core.services import event_record

from . import permissions
from .exceptions import (
    InvalidInput,
    InvitationInvalid,
    InvitationRefused,
    MembershipAlreadyEnded,
    NotAllowed,
    TokenInactive,
    WrongStatus,
)
from .models import (
    ApiToken,
    Invitation,
    JoinRequest,
    Membership,
    MembershipStatus,
    Role,
    User,
    api_token_expiry,
)
from .selectors import invitation_find_open


@transaction.atomic
def api_token_create(*, actor: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for `actor`; the raw value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=actor,
        name=name[:100],
        prefix=raw[: ApiToken.PREFIX_LENGTH],
        token_digest=ApiToken.digest(raw),
        expires_at=api_token_expiry(),
    )
    event_record(actor=actor, kind="api_token.created", target=token, data={"prefix": token.prefix})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if not permissions.can_revoke_api_token(actor, token):
        raise NotAllowed(_("Only its owner can revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_reason = ApiToken.RevokedReason.OWNER
        token.save(update_fields=["revoked_at", "revoked_reason"])
        event_record(actor=actor, kind="api_token.revoked", target=token, data={"prefix": token.prefix})
    return token


@transaction.atomic
def api_token_renew(*, actor: User, token: ApiToken) -> ApiToken:
    """Give a token that still works a new full lifetime from now; an expired or revoked one stays dead."""
    if not permissions.can_revoke_api_token(actor, token):
        raise NotAllowed(_("Only its owner can renew this token."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None or token.is_expired:
        raise TokenInactive(_("This token has expired or was revoked: ask for a new one."))
    token.expires_at = api_token_expiry()
    token.save(update_fields=["expires_at"])
    event_record(
        actor=actor,
        kind="api_token.renewed",
        target=token,
        data={"prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
    )
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str, actor: User | None) -> int:
    """Revoke every working token of `user` (password changed, membership ended, account deactivated)."""
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    if not tokens:
        return 0
    ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    event_record(
        actor=actor,
        kind="api_token.revoked_all",
        target=user,
        data={"reason": reason, "prefixes": [t.prefix for t in tokens]},
    )
    return len(tokens)


@transaction.atomic
def user_password_set(*, user: User, password: str | None, actor: User | None) -> User:
    """Change (or reset, or remove with None) a password; the person's API tokens stop working."""
    user.set_password(password)
    user.save()
    event_record(actor=actor, kind="user.password_changed", target=user, data={})
    api_tokens_revoke_all(user=user, reason=ApiToken.RevokedReason.PASSWORD, actor=actor)
    return user


@transaction.atomic
def user_admin_save(*, actor: User, user: User, changed: list[str]) -> User:
    """Save an account edited by staff; deactivating it revokes its API tokens."""
    if not actor.is_staff:
        raise NotAllowed(_("Only platform staff edit accounts directly."))
    user.save()
    if "is_active" in changed:
        event_record(
            actor=actor, kind="user.activated" if user.is_active else "user.deactivated", target=user
        )
        if not user.is_active:
            api_tokens_revoke_all(user=user, reason=ApiToken.RevokedReason.DEACTIVATED, actor=actor)
    return user


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


@transaction.atomic
def invitation_create(*, actor: User, organisation, email: str, role: str, base_url: str) -> Invitation:
    """Invite `email` to join `organisation` in `role`; the e-mail leaves after commit."""
    if not permissions.can_invite_member(actor, organisation):
        raise NotAllowed(_("You cannot invite members to %(organisation)s.") % {"organisation": organisation})
    email = email.strip().lower()
    if email in _addresses_of(actor):
        raise NotAllowed(_("You cannot invite your own address: ask a colleague to invite you."))
    if not permissions.can_grant_role(actor, organisation, role):
        raise NotAllowed(_("You cannot give this role in %(organisation)s.") % {"organisation": organisation})
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=actor,
        token_digest=Invitation.digest(raw),
        expires_at=timezone.now() + timedelta(days=Invitation.VALIDITY_DAYS),
    )
    event_record(
        actor=actor,
        kind="invitation.created",
        target=invitation,
        scope=organisation,
        data={"email": invitation.email, "role": role},
    )
    link = base_url.rstrip("/") + reverse("accounts:invitation_accept", kwargs={"token": raw})
    language = translation.get_language()
    transaction.on_commit(lambda: _send_invitation(invitation.pk, link, language))
    return invitation


def _addresses_of(user: User) -> set[str]:
    addresses = {e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return addresses | {user.email.lower()}


def _send_invitation(invitation_id: int, link: str, language: str) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(pk=invitation_id)
    with translation.override(language):
        context = {"invitation": invitation, "link": link, "days": Invitation.VALIDITY_DAYS}
        subject = _("Invitation to join %(organisation)s on Mostovi") % {
            "organisation": invitation.organisation
        }
        body = render_to_string("accounts/email/invitation.txt", context)
    mail_enqueue(to=[invitation.email], subject=subject, body=body)


@transaction.atomic
def invitation_accept(*, actor: User, raw_token: str) -> Membership:
    invitation = invitation_find_open(raw=raw_token)
    if invitation is None:
        raise InvitationInvalid(_("This invitation link is invalid, expired or already used."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationInvalid(_("This invitation link is invalid, expired or already used."))
    if invitation.email != actor.email.lower():
        raise NotAllowed(
            _("This invitation was sent to %(email)s: sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    if invitation.invited_by_id == actor.pk:
        raise NotAllowed(_("You cannot accept an invitation you sent: ask a colleague to invite you."))
    provisional_in = invitation.project_scope
    if provisional_in is None:
        # The role is granted by the inviter: it must still be theirs to give.
        if not permissions.can_grant_role(invitation.invited_by, invitation.organisation, invitation.role):
            raise InvitationInvalid(
                _("The person who invited you can no longer give this role: ask for a new invitation.")
            )
    elif Membership.objects.confirmed().filter(user=actor, organisation=invitation.organisation).exists():
        raise InvitationInvalid(
            _("You already act for %(organisation)s: this invitation is no longer needed.")
            % {"organisation": invitation.organisation}
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = _membership_start(
        user=actor,
        organisation=invitation.organisation,
        role=invitation.role,
        can_approve=False,
        actor=actor,
        granted_by=invitation.invited_by,
        provisional_in=provisional_in,
    )
    if membership.is_provisional and address_on_official_domain(actor.email, invitation.organisation):
        membership = _membership_confirm(membership=membership, actor=None, automatic=True)
    event_record(
        actor=actor,
        kind="invitation.accepted",
        target=invitation,
        scope=invitation.organisation,
        data={"membership": membership.pk},
    )
    return membership


# --- invitations by a project partner, provisional memberships ------------------------------------

PARTNER_INVITATION_ROLES = (Role.OFFICER, Role.ELECTED, Role.TECHNICAL)


def organisation_has_confirmed_member(organisation) -> bool:
    return (
        Membership.objects.confirmed().filter(organisation=organisation).exclude(role=Role.OBSERVER).exists()
    )


@transaction.atomic
def invitation_create_for_partner(
    *,
    actor: User,
    inviting_membership: Membership,
    organisation,
    email: str,
    role: str,
    language: str,
    project_id: int,
    project_title: str,
    expected: str,
    base_url: str,
) -> Invitation:
    """Invite `email` to act provisionally for `organisation` in one project.

    Called by `projects.services.project_invitation_create`, which checked that `inviting_membership`
    (the actor's confirmed membership of a partner authority) and `organisation` are partners of the project.
    The rules of accounts hold here: the authority has no confirmed member yet (its members invite their
    own colleagues), nobody grants a role above their own, nobody invites their own address.
    """
    if inviting_membership.user_id != actor.pk or inviting_membership.status != MembershipStatus.CONFIRMED:
        raise NotAllowed(_("Only a confirmed member of a partner authority invites a partner's people."))
    if inviting_membership.role not in (Role.OFFICER, Role.ELECTED):
        raise NotAllowed(_("Only an officer or an elected official of a partner authority invites."))
    if role not in PARTNER_INVITATION_ROLES:
        raise InvalidInput(_("Choose the role: officer, elected official or technical staff."))
    if actor.is_staff is False and inviting_membership.role not in permissions.GRANTED_BY[role]:
        raise NotAllowed(
            _("You cannot give a role above your own: an elected official invites elected officials.")
        )
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("Enter a valid e-mail address.")) from None
    if email in _addresses_of(actor):
        raise NotAllowed(_("You cannot invite your own address: ask a colleague to invite you."))
    if organisation_has_confirmed_member(organisation):
        raise InvitationRefused(
            _(
                "%(organisation)s already has members on Mostovi: ask them through the project's discussion "
                "or the authority's page; they invite their own colleagues."
            )
            % {"organisation": organisation}
        )
    if Membership.objects.active().filter(user__email__iexact=email, organisation=organisation).exists():
        raise InvitationRefused(
            _("%(email)s already acts for %(organisation)s.") % {"email": email, "organisation": organisation}
        )
    languages = {code for code, _name in settings.LANGUAGES}
    if language not in languages:
        raise InvalidInput(_("Choose the language of the e-mail among the platform's languages."))
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=actor,
        token_digest=Invitation.digest(raw),
        expires_at=timezone.now() + timedelta(days=Invitation.VALIDITY_DAYS),
        project_scope=project_id,
        language=language,
    )
    event_record(
        actor=actor,
        kind="invitation.created",
        target=invitation,
        scope=organisation,
        data={"email": invitation.email, "role": role, "project": project_id},
    )
    link = base_url.rstrip("/") + reverse("accounts:invitation_accept", kwargs={"token": raw})
    inviting = str(inviting_membership.organisation)
    transaction.on_commit(
        lambda: _send_partner_invitation(invitation.pk, link, language, inviting, project_title, expected)
    )
    return invitation


def _send_partner_invitation(
    invitation_id: int, link: str, language: str, inviting: str, project_title: str, expected: str
) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(pk=invitation_id)
    with translation.override(language):
        context = {
            "invitation": invitation,
            "link": link,
            "days": Invitation.VALIDITY_DAYS,
            "inviting": inviting,
            "project": project_title,
            "expected": _(expected) if expected else "",
        }
        subject = _("%(inviting)s invites %(organisation)s to the project “%(project)s” on Mostovi") % {
            "inviting": inviting,
            "organisation": invitation.organisation,
            "project": project_title,
        }
        body = render_to_string("accounts/email/partner_invitation.txt", context)
    mail_enqueue(to=[invitation.email], subject=subject, body=body)


def address_on_official_domain(email: str, organisation) -> bool:
    """Whether `email` is at the host of the authority's website in the directory (`ni.rs` for Niš), or a
    sub-domain of it."""
    website = (getattr(organisation, "website", "") or "").strip()
    if not website or "@" not in email:
        return False
    host = (urlsplit(website if "//" in website else "//" + website).hostname or "").lower()
    host = host.removeprefix("www.")
    if not host or "." not in host:
        return False
    domain = email.rsplit("@", 1)[1].lower()
    return domain == host or domain.endswith("." + host)


@transaction.atomic
def invitation_accept_with_account(
    *, raw_token: str, name: str, password: str, actor: User | None
) -> Membership:
    """Accept an invitation, creating the account of its address when it has none (the link proves the
    address). When the address has an account, the caller must be signed in with it."""
    invitation = invitation_find_open(raw=raw_token)
    if invitation is None:
        raise InvitationInvalid(_("This invitation link is invalid, expired or already used."))
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is None:
        name = (name or "").strip()
        if not name:
            raise InvalidInput(_("Enter your full name."))
        try:
            validate_password(password or "", user=User(email=invitation.email, full_name=name))
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages)) from None
        user = User.objects.create_user(email=invitation.email, password=password, full_name=name[:200])
        if invitation.language:
            user.preferred_language = invitation.language
            user.save(update_fields=["preferred_language"])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        event_record(
            actor=user, kind="user.created_by_invitation", target=user, data={"invitation": invitation.pk}
        )
        actor = user
    elif actor is None or not actor.is_authenticated or actor.pk != existing.pk:
        raise NotAllowed(
            _("This address already has an account: sign in with %(email)s to accept the invitation.")
            % {"email": invitation.email}
        )
    return invitation_accept(actor=actor, raw_token=raw_token)


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
    return membership


@transaction.atomic
def membership_confirm(*, actor: User, membership: Membership) -> Membership:
    """Confirm a provisional membership: from now on its acceptances and approvals count."""
    membership = (
        Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    )
    if membership.ended_at is not None:
        raise MembershipAlreadyEnded(_("This membership has already ended."))
    if membership.status != MembershipStatus.PROVISIONAL:
        raise WrongStatus(_("This membership is not provisional: there is nothing to confirm."))
    if not permissions.can_confirm_membership(actor, membership):
        raise NotAllowed(
            _(
                "A membership is confirmed by a confirmed officer or elected official of %(organisation)s, "
                "a coordinator of one of its networks, or platform staff."
            )
            % {"organisation": membership.organisation}
        )
    return _membership_confirm(membership=membership, actor=actor)


@transaction.atomic
def membership_refuse(*, actor: User, membership: Membership, reason: str) -> Membership:
    """Refuse a provisional membership: it ends, with the reason; what the person did stays recorded and
    never counts."""
    membership = (
        Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    )
    if membership.ended_at is not None:
        raise MembershipAlreadyEnded(_("This membership has already ended."))
    if membership.status != MembershipStatus.PROVISIONAL:
        raise WrongStatus(_("This membership is not provisional: end it from the members' page instead."))
    if not permissions.can_confirm_membership(actor, membership):
        raise NotAllowed(
            _(
                "A membership is refused by a confirmed officer or elected official of %(organisation)s, "
                "a coordinator of one of its networks, or platform staff."
            )
            % {"organisation": membership.organisation}
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
    return join_request
