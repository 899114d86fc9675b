"""Writes of the networks app: a coordinator records that the network's programme supports a project; a
partner of the project may refuse it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership, Role
from mostovi.core.errors import Conflict, InvalidInput, NotAllowed
from mostovi.core.services import event_record
from mostovi.directory.network_selectors import network_has_member
from mostovi.projects.models import ProjectPartner

from .models import ProjectSupport, SupportStatus
from .permissions import can_coordinate_network

EDITING_ROLES = (Role.OFFICER, Role.ELECTED, Role.TECHNICAL)


@transaction.atomic
def project_support_record(*, actor, network, project, programme: str = "") -> ProjectSupport:
    """The network's programme supports the project; one of its partners must belong to the network."""
    if not can_coordinate_network(actor, network):
        raise NotAllowed(_("Only a coordinator of the network can record its support."))
    programme = (programme or "").strip()
    if len(programme) > 200:
        raise InvalidInput(_("The programme's name is too long (200 characters at most)."), field="programme")
    partners = list(ProjectPartner.objects.filter(project=project).values_list("authority_id", flat=True))
    if not any(network_has_member([network.pk], pk) for pk in partners):
        raise InvalidInput(_("None of the project's partners belongs to this network."))
    support = ProjectSupport.objects.select_for_update().filter(project=project, network=network).first()
    if support is not None and support.status == SupportStatus.REFUSED:
        raise Conflict(_("A partner refused this network's support; it cannot be recorded again."))
    if support is None:
        support = ProjectSupport.objects.create(
            project=project, network=network, programme=programme, recorded_by=actor
        )
    event_record(
        actor=actor,
        kind="network.support_recorded",
        target=support,
        scope=project,
        data={"network": network.pk, "programme": programme},
    )
    return support


@transaction.atomic
def project_support_refuse(*, actor, support: ProjectSupport, authority_id: int) -> ProjectSupport:
    """A partner of the project refuses the network's support (its members with an acting role)."""
    support = ProjectSupport.objects.select_for_update().get(pk=support.pk)
    is_partner = ProjectPartner.objects.filter(
        project_id=support.project_id, authority_id=authority_id
    ).exists()
    acts = (
        Membership.objects.active()
        .filter(user=actor, organisation_id=authority_id, role__in=EDITING_ROLES)
        .exists()
    )
    if not (is_partner and acts):
        raise NotAllowed(_("Only the members of a partner authority can refuse the support."))
    if support.status == SupportStatus.REFUSED:
        return support
    support.status = SupportStatus.REFUSED
    support.refused_by = actor
    support.refused_for_id = authority_id
    support.refused_at = timezone.now()
    support.save(update_fields=["status", "refused_by", "refused_for", "refused_at"])
    event_record(
        actor=actor,
        kind="network.support_refused",
        target=support,
        scope=support.project,
        data={"network": support.network_id, "authority": authority_id},
    )
    return support
