"""What every page of the evaluation shares (logframe, reviews, follow-up actions, lessons): the project as
the logframe's readers see it, its title, the status of a refusal and the message of a refused form."""

from django.http import Http404

from mostovi.projects.selectors import project_get_for_page, project_text

from .exceptions import NotAllowed, StaleVersion, WrongStatus
from .logframe import permissions


def visible_project(request, pk: int):
    project = project_get_for_page(pk=pk)
    if project is None or not permissions.can_view_logframe(request.user, project):
        raise Http404
    return project


def project_title(project) -> str:
    text = project_text(project, "title")
    return text.text if text else f"#{project.pk}"


def error_status(error: Exception) -> int:
    """The status of a refusal: not allowed 403, a step the status does not allow or a stale version 409,
    else 422."""
    return {NotAllowed: 403, WrongStatus: 409, StaleVersion: 409}.get(type(error), 422)


def form_error(form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {message}".lstrip(": ")
        for name, messages in form.errors.items()
        for message in messages
    )


def posted_int(value) -> int | None:
    """A posted whole number, or None for anything else (no sign, no exponent, no other digits)."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 16 else None
