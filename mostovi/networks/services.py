"""Writes of the networks app: a coordinator records that the network's programme supports a project; a
partner of the project may refuse it (once, with a reason)."""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mostovi.core.errors import Conflict, InvalidInput, NotAllowed
from mostovi.core.services import event_record
from mostovi.directory.network_selectors import network_has_member
from mostovi.projects.models import ProjectPartner
from mostovi.projects.services import partners_notify

from . import tasks
from .models import ProjectSupport, SupportStatus
from .permissions import can_coordinate_network, can_refuse_support


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


REASON_MAX = 1000


@transaction.atomic
def project_support_refuse(
    *, actor, support: ProjectSupport, authority_id: int, reason: str = ""
) -> ProjectSupport:
    """A partner of the project refuses the network's support (its members with an acting role).

    The refusal is final: the network cannot record its support of the project again. The other partners
    are notified, the network's coordinators receive an e-mail, and the project's timeline shows it."""
    support = (
        ProjectSupport.objects.select_for_update(of=("self",))
        .select_related("network", "project")
        .get(pk=support.pk)
    )
    if not can_refuse_support(actor, support, authority_id):
        raise NotAllowed(_("Only the members of a partner authority can refuse the support."))
    if support.status == SupportStatus.REFUSED:
        raise Conflict(
            _("This support was already refused on %(date)s; nothing was changed.")
            % {"date": formats.date_format(timezone.localtime(support.refused_at), "DATE_FORMAT")}
        )
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise InvalidInput(
            _("The reason is too long (%(max)d characters at most).") % {"max": REASON_MAX}, field="reason"
        )
    support.status = SupportStatus.REFUSED
    support.refused_by = actor
    support.refused_for_id = authority_id
    support.refused_at = timezone.now()
    support.refusal_reason = reason
    support.save(update_fields=["status", "refused_by", "refused_for", "refused_at", "refusal_reason"])
    data = {"network": support.network_id, "authority": authority_id, "reason": reason}
    event_record(
        actor=actor, kind="network.support_refused", target=support, scope=support.project, data=data
    )
    partners_notify(support.project, "network.support_refused", actor, **data)
    transaction.on_commit(lambda: tasks.support_refused_notify.enqueue(support_id=support.pk))
    return support
