"""Follow-up action pages: the project's board, an authority's board, the action form."""

from django.http import HttpResponse


def actions_project(request, pk: int):
    return HttpResponse("")


def actions_authority(request, pk: int):
    return HttpResponse("")


def action_add(request, pk: int):
    return HttpResponse("")
