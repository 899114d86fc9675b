"""Requests the database could not store are refused before any view reads them."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class NullCharacterMiddleware:
    """A NUL character in the query string is refused with 400 (PostgreSQL text cannot hold one, so a search
    or a filter would fail deep inside a query). Form fields are checked by Django's forms and JSON strings by
    the API's error handlers; this covers the parameters views read directly (`?q=`, filters)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            message = _("The request contains a null character, which no text may hold. Nothing was changed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"reason": message}, status=400)
        return self.get_response(request)
