from django.http import Http404
from django.shortcuts import render

from . import permissions
from .selectors import project_get_for_page
from .selectors import project_list as select_projects


def project_list(request):
    return render(request, "projects/list.html", {"projects": select_projects(user=request.user)[:50]})


def project_detail(request, pk: int):
    project = project_get_for_page(pk=pk)
    if project is None or not permissions.can_view_project(request.user, project):
        raise Http404
    return render(request, "projects/detail.html", {"project": project})
