"""The public REST API (`../docs/API.md`): one NinjaAPI, routers contributed by the apps."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from mostovi.core.errors import NotAllowed, ServiceError

from .auth import OptionalAuth

api = NinjaAPI(
    title="Mostovi API",
    version="1",
    description=(
        "Public API of Mostovi, the platform for the decentralised cooperation of local authorities. "
        "Lists take `limit` and `offset` and answer `{count, items}`; errors answer `{detail}`; "
        "`Accept-Language` chooses the language of messages."
    ),
    urls_namespace="api",
    auth=OptionalAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request, status: int, detail: str, errors=None, *, extra: dict | None = None):
    body = {"detail": detail, **(extra or {})}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


def _plain_errors(errors) -> list[dict]:
    """Keep what a client needs from pydantic's errors (location and message), JSON-safe."""
    cleaned = []
    for error in errors:
        cleaned.append(
            {
                "loc": [str(part) for part in error.get("loc", ())],
                "msg": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
        )
    return cleaned


@api.exception_handler(ServiceError)
def on_service_error(request, exc):
    """The one mapping of the services' refusals (`core.errors`): 403, 404, 409, 422, each `{detail}` and
    what the error adds (`errors`, or the versions of a stale write)."""
    detail = str(exc)
    if not detail and isinstance(exc, NotAllowed):
        detail = _("You are not allowed to do this.")
    return _error(request, exc.status, detail, extra=exc.payload())


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc):
    return _error(
        request, 422, _("The request is not valid: check the fields listed."), _plain_errors(exc.errors)
    )


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request, exc):
    messages = exc.messages if hasattr(exc, "messages") else [str(exc)]
    return _error(request, 422, " ".join(messages))


@api.exception_handler(OverflowError)
def on_overflow(request, exc):
    # A number the database cannot hold (an id or offset of twenty digits): the client's mistake.
    return _error(request, 422, _("A number in the request is out of range."))


@api.exception_handler(DataError)
def on_data_error(request, exc):
    return _error(request, 422, _("A number in the request is out of range."))


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return _error(request, 401, _("Authentication required: send a valid token or sign in."))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _error(request, 403, str(exc) or _("You are not allowed to do this."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _error(request, 400, _("The request body is not valid JSON."))
    return _error(request, exc.status_code, str(exc))


# --- the composition root: every app's router, mounted under /api/v1/ --------------------------------------
# Imported last, once `api` and its handlers exist: the routers import `core.api.auth` and its siblings.
from mostovi.accounts.api import router as auth_router  # noqa: E402
from mostovi.directory.api import router as directory_router  # noqa: E402
from mostovi.evaluation.action_api import router as actions_router  # noqa: E402
from mostovi.evaluation.api import router as evaluation_router  # noqa: E402
from mostovi.evaluation.review_api import router as reviews_router  # noqa: E402
from mostovi.exchange.api import router as exchange_router  # noqa: E402
from mostovi.exchange.api_suggestions import router as suggestions_router  # noqa: E402
from mostovi.funding.api import router as funding_router  # noqa: E402
from mostovi.funding.plan_api import router as funding_plan_router  # noqa: E402
from mostovi.handover.api import router as handover_router  # noqa: E402
from mostovi.opendata.api import router as opendata_router  # noqa: E402
from mostovi.partnerships.api import router as partnerships_router  # noqa: E402
from mostovi.procedures.api import router as procedures_router  # noqa: E402
from mostovi.projects.api import router as projects_router  # noqa: E402

api.add_router("/auth", auth_router)
api.add_router("/", directory_router)
api.add_router("/projects", projects_router)
# Mounted at the root: they serve /partnerships, /exchange and /authorities/{id}/suggestions.
api.add_router("/", partnerships_router)
api.add_router("/", exchange_router)
api.add_router("/", suggestions_router)
# /funding/instruments, and the project-level /projects/{id}/eligibility and /projects/{id}/funding-plan.
api.add_router("/", funding_router)
api.add_router("/", funding_plan_router)
api.add_router("/", evaluation_router)
api.add_router("/", reviews_router)
api.add_router("/", actions_router)
api.add_router("/", handover_router)
# /authorities/{id}/aid-declaration and /iati/import (the IATI and CSV files are served under /open-data/).
api.add_router("/", opendata_router)
# /procedures, /projects/{id}/procedure and /projects/{id}/documents/generate.
api.add_router("/", procedures_router)
