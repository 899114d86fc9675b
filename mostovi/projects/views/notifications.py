"""A person's notifications and the responsibilities left without a holder."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mostovi.core.http import forbidden as _forbidden

from .. import continuity, selectors, services
from ..exceptions import NotAllowed
from ..tasks import _message as notification_message
from .page import _title

# --- notifications --------------------------------------------------------------------------------


@login_required
def notifications(request):
    if request.method == "POST":
        which = request.POST.get("notification", "")
        services.notifications_mark_read(
            actor=request.user, notification_id=int(which) if which.isdigit() else None
        )
        return HttpResponseRedirect(reverse("projects:notifications"))
    items = selectors.notification_list(user=request.user)
    rows = [
        {
            "notification": n,
            "message": notification_message(n.kind, n.data or {}),
            "title": _title(n.project) if n.project else "",
        }
        for n in items
    ]
    unread = sum(1 for n in items if n.read_at is None)
    return render(request, "projects/notifications.html", {"rows": rows, "unread": unread})


# --- continuity: responsibilities without a holder -------------------------------------------------


@login_required
def unheld_responsibilities(request):
    """Responsibilities of live projects that nobody holds: for platform staff, officers and coordinators.

    Staff see every project; officers and coordinators the projects they may see.
    """
    if not continuity.can_view_unheld_responsibilities(request.user):
        return _forbidden(
            request,
            NotAllowed(_("Only platform staff, officers and network coordinators can see this list.")),
        )
    projects = None if request.user.is_staff else selectors.project_list_visible_to(user=request.user)
    rows = continuity.unheld_responsibilities(projects=projects)
    return render(request, "projects/unheld.html", {"rows": rows})
