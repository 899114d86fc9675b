"""Lessons learned: the search page and the form."""

from django.http import HttpResponse


def lessons(request):
    return HttpResponse("")


def lesson_add(request, pk: int):
    return HttpResponse("")
