"""The "who will be told" part of a decision's confirmation dialog (fetched when the dialog opens), and what a
refused project page says about where to go."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import permissions
from ..audience import told_by_authority
from ..models import Project
from ..selectors import project_visible_for_page

KIND = re.compile(r"[a-z_]{1,30}\.[a-z_]{1,40}")


@require_GET
@login_required
def decision_told(request, pk: int):
    kind = request.GET.get("kind", "")
    project = Project.objects.filter(pk=pk, deleted_at__isnull=True).first()
    if not KIND.fullmatch(kind) or project is None or not permissions.can_view_project(request.user, project):
        raise Http404
    # Only the people who decide for a partner (or staff) read who else acts for the partners.
    if not request.user.is_staff and not permissions.is_partner_member(request.user, project):
        raise Http404
    told = told_by_authority(project=project, kind=kind, user=request.user)
    return render(request, "projects/_told.html", {"told": told})


def forbidden_hint(request, match) -> dict | None:
    """On a refused page of a project the person may see: the project's page (registered in core)."""
    if not (match.route.startswith("projects/<int:pk>/") or match.namespace == "projects"):
        return None
    if not match.kwargs.get("pk") or not request.user.is_authenticated:
        return None
    project = project_visible_for_page(user=request.user, pk=match.kwargs["pk"])
    if project is None:
        return None
    return {"project_url": reverse("projects:detail", args=[project.pk])}
