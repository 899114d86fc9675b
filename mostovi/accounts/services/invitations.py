"""Invitations to join an authority, including those a project partner sends to another partner's people."""

import secrets
from datetime import timedelta
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

from .. import permissions
from ..exceptions import (
    InvalidInput,
    InvitationInvalid,
    InvitationRefused,
    NotAllowed,
)
from ..models import (
    Invitation,
    Membership,
    MembershipStatus,
    Role,
    User,
)
from ..selectors import invitation_find_open
from .memberships import _membership_confirm, _membership_start


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
