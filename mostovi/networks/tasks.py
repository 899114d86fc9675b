"""What the networks app sends in the background (tasks take ids, never objects)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from mostovi.accounts.models import Membership, Role
from mostovi.core.mail import mail_enqueue
from mostovi.projects.selectors import project_text

from .models import ProjectSupport


@task()
def support_refused_notify(*, support_id: int) -> int:
    """E-mail the network's coordinators that a partner refused its support of a project, with the reason."""
    support = (
        ProjectSupport.objects.select_related("network", "project", "refused_for")
        .filter(pk=support_id)
        .first()
    )
    if support is None or support.refused_for is None:
        return 0
    coordinators = [
        m.user
        for m in Membership.objects.active()
        .filter(organisation_id=support.network_id, role=Role.COORDINATOR, user__is_active=True)
        .select_related("user")
    ]
    link = settings.SITE_URL.rstrip("/") + reverse("projects:detail", kwargs={"pk": support.project_id})
    sent = 0
    for user in coordinators:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            title = project_text(support.project, "title", translation.get_language())
            values = {
                "network": support.network.acronym or support.network.name,
                "authority": support.refused_for.name,
                "project": title.text if title else f"#{support.project_id}",
            }
            subject = _("[Mostovi] %(authority)s refused the support of %(network)s") % values
            lines = [
                _(
                    "%(authority)s, a partner of the project “%(project)s”, refused the support of the "
                    "programme of %(network)s."
                )
                % values,
                _("Reason: %(reason)s") % {"reason": support.refusal_reason or _("none given")},
                _("The network cannot record its support of this project again."),
                link,
                "",
                _("You receive this message because you coordinate %(network)s.") % values,
            ]
        mail_enqueue(to=[user.email], subject=subject, body="\n".join(lines))
        sent += 1
    return sent
