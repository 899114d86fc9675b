"""How the pages answer the services' refusals (`core.errors`), written once.

`forbidden` renders the 403 page with the reason; `page_errors` wraps a view so that a refusal it does not
handle itself becomes the right page: `NotAllowed` → 403 with the reason, `NotFound` → 404, `Conflict` → the
409 page with the reason. `InvalidInput` is left to the view (it belongs beside the form's fields):
`form_error(form, error)` puts it there.
"""

import functools

from django.http import Http404
from django.shortcuts import render

from .errors import Conflict, InvalidInput, NotAllowed, NotFound


def forbidden(request, reason):
    """The 403 page saying why (`reason` is an error or a sentence)."""
    return render(request, "403.html", {"reason": str(reason)}, status=403)


def conflict(request, reason):
    """The 409 page saying what stands in the way (a stale version, a closed gate, a wrong status)."""
    return render(request, "409.html", {"reason": str(reason)}, status=409)


def form_error(form, error: InvalidInput) -> None:
    """Show a refused input beside its field (or above the form when the error names none)."""
    form.add_error(getattr(error, "field", "") or None, str(error))


def page_errors(view):
    """Map the refusals a view lets through to 403 / 404 / 409 pages."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as error:
            return forbidden(request, error)
        except NotFound as error:
            raise Http404(str(error)) from error
        except Conflict as error:
            return conflict(request, error)

    return wrapper
