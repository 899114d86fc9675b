from django.shortcuts import get_object_or_404, render

from .models import Organisation, OrganisationKind


def directory(request):
    return render(request, "directory/index.html", {})


def network_list(request):
    networks = Organisation.objects.alive().filter(kind=OrganisationKind.NETWORK).order_by("acronym")
    return render(request, "directory/networks.html", {"networks": networks})


def organisation_detail(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.alive(), pk=pk)
    return render(request, "directory/detail.html", {"organisation": organisation})
