from django.shortcuts import render


def index(request):
    return render(request, "core/area.html", {"title": "", "description": ""})
