"""Partners, their roles, participants, and bringing a partner's people in."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mostovi.accounts import services as account_services
from mostovi.accounts.models import Invitation, Membership, Role, User
from mostovi.directory.models import Organisation

from .. import permissions
from ..exceptions import InvalidInput, NotAllowed
from ..models import (
    Participant,
    ParticipantRole,
    Phase,
    Project,
    ProjectPartner,
    TextField_,
)
from ..selectors import programme_current
from .common import _authorities, _record, _reload, _require, partners_notify


@transaction.atomic
def partner_add(*, actor: User, project: Project, authority_id: int) -> ProjectPartner:
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if Phase(project.phase) not in (Phase.IDENTIFICATION, Phase.EXPERTISE_MISSION):
        raise InvalidInput(_("Partners can only be added before the joint definition of the programme."))
    [authority] = _authorities([authority_id])
    partner, created = ProjectPartner.objects.get_or_create(project=project, authority=authority)
    if created:
        _record(actor, "project.partner_added", project, authority=authority.pk, name=str(authority))
        partners_notify(project, "project.partner_added", actor, authority=authority.pk)
    return partner


@transaction.atomic
def partner_set_roles(
    *, actor: User, project: Project, authority_id: int, responsible_id: int | None, deputy_id: int | None
) -> ProjectPartner:
    """Name the responsible person and the deputy of a partner: memberships of that very authority."""
    project = _reload(project)
    partner = next((p for p in project.partners.all() if p.authority_id == authority_id), None)
    if partner is None:
        raise InvalidInput(_("This authority is not a partner of the project."))
    _require(
        authority_id in permissions.acting_authorities(actor, project),
        _("Only members of %(authority)s can name its responsible people.")
        % {"authority": partner.authority},
    )
    memberships = {
        m.pk: m
        for m in Membership.objects.active().filter(
            organisation_id=authority_id, pk__in=[i for i in (responsible_id, deputy_id) if i]
        )
    }
    for membership_id in (responsible_id, deputy_id):
        if membership_id and membership_id not in memberships:
            raise InvalidInput(
                _("The person named must be an active member of %(authority)s.")
                % {"authority": partner.authority}
            )
    if responsible_id and responsible_id == deputy_id:
        raise InvalidInput(_("The deputy must be another person than the responsible."))
    old = [partner.responsible_id, partner.deputy_id]
    partner.responsible_id, partner.deputy_id = responsible_id, deputy_id
    partner.save()
    _record(
        actor, "project.roles_set", project, authority=authority_id, old=old, new=[responsible_id, deputy_id]
    )
    return partner


@transaction.atomic
def participant_add(*, actor: User, project: Project, organisation_id: int, role: str) -> Participant:
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if role not in ParticipantRole.values:
        raise InvalidInput(_("Unknown IATI role: %(role)s.") % {"role": role[:10]})
    organisation = Organisation.objects.alive().filter(pk=organisation_id).first()
    if organisation is None:
        raise InvalidInput(_("Unknown organisation: %(ids)s.") % {"ids": organisation_id})
    participant, created = Participant.objects.get_or_create(
        project=project, organisation=organisation, role=role
    )
    if created:
        _record(actor, "project.participant_added", project, organisation=organisation.pk, role=role)
    return participant


# --- bringing a partner's people in ---------------------------------------------------------------


def _expected_of(project: Project, authority) -> str:
    """What the project waits for from `authority` now (untranslated: the e-mail is written in its reader's
    language)."""
    from ..selectors import (
        mission_current,
        partners_missing_mission_acceptance,
        partners_missing_programme_approval,
    )

    mission = mission_current(project=project)
    if mission is not None and authority in partners_missing_mission_acceptance(
        project=project, mission=mission
    ):
        return gettext_noop("accept the expertise mission report.")
    programme = programme_current(project=project)
    if programme is not None and authority in partners_missing_programme_approval(
        project=project, version=programme
    ):
        return gettext_noop("approve the programme of intervention choices.")
    return ""


def _project_title(project: Project, language: str) -> str:
    from ..selectors import project_text

    text = project_text(project, TextField_.TITLE, language)
    return text.text if text else f"#{project.pk}"


@transaction.atomic
def project_invitation_create(
    *, actor: User, project: Project, authority_id: int, email: str, role: str, language: str, base_url: str
) -> Invitation:
    """A member (officer or elected official) of a partner authority invites a person to act, provisionally,
    for another partner of the same project that has no confirmed member yet."""
    project = _reload(project)
    partners = {p.authority_id: p.authority for p in project.partners.all()}
    if not isinstance(authority_id, int) or authority_id not in partners:
        raise InvalidInput(_("This authority is not a partner of the project."))
    authority = partners[authority_id]
    inviting = [
        m
        for m in Membership.objects.confirmed()
        .filter(user=actor, organisation_id__in=partners, role__in=(Role.ELECTED, Role.OFFICER))
        .select_related("organisation")
        .order_by("role")  # elected first: the highest role the actor may give from
        if m.organisation_id != authority_id
    ]
    if not inviting:
        raise NotAllowed(
            _("Only an officer or elected official of another partner authority invites a partner's people.")
        )
    return account_services.invitation_create_for_partner(
        actor=actor,
        inviting_membership=inviting[0],
        organisation=authority,
        email=email,
        role=role,
        language=language,
        project_id=project.pk,
        project_title=_project_title(project, language),
        expected=_expected_of(project, authority),
        base_url=base_url,
    )
