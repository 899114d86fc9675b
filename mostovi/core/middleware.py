"""Requests the database could not store are refused before any view reads them."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _holds_null(request) -> bool:
    """A NUL character in the query string, a form's fields or a JSON body (raw, or escaped as \\u0000)."""
    if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.content_type == "application/json":
        return b"\x00" in request.body or b"\\u0000" in request.body
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # The fields of a form (not its files, which may hold any byte).
        return any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.POST.lists()
        )
    return False


class NullCharacterMiddleware:
    """A NUL character in the query string, a form or a JSON body is refused with 400 before any view reads
    it: PostgreSQL text cannot hold one, so a search, a filter or a write (the sign-in lockout records the
    attempt) would fail deep inside a query and spoil the request's transaction. Uploaded files are left to
    the upload checks: a file may hold any byte."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_null(request):
            message = _("The request contains a null character, which no text may hold. Nothing was changed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"reason": message}, status=400)
        return self.get_response(request)
