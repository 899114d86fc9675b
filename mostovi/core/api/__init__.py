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
from .schemas import ErrorOut, InvalidOut

_ERROR_REF = "#/components/schemas/ErrorOut"
_INVALID_REF = "#/components/schemas/InvalidOut"
_METHODS = {"get", "put", "post", "patch", "delete"}


def _error_response(description: str, ref: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def _invalid_out_definitions() -> dict:
    schema = InvalidOut.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions = schema.pop("$defs", {})
    return {**definitions, "InvalidOut": schema}


class MostoviAPI(NinjaAPI):
    """The NinjaAPI whose published schema documents the error answers every operation may give.

    Whatever an operation declares, the API itself answers 422 `InvalidOut` to input that does not match
    the schema, 400 to a body that is not JSON or a query string with a NUL character, 401 to an unknown
    or revoked bearer token, and 404 to an id that names nothing; the schema says so for every operation
    where that can happen.
    """

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(_invalid_out_definitions())
        components.setdefault("ErrorOut", ErrorOut.model_json_schema())
        for path, item in schema.get("paths", {}).items():
            for method, operation in item.items():
                if method in _METHODS:
                    _document_errors(path, operation, components)
        return schema


def _document_errors(path: str, operation: dict, components: dict) -> None:
    # ninja keys the responses by int; a str key would publish the same status twice.
    responses = {int(status): value for status, value in operation.get("responses", {}).items()}
    if operation.get("parameters") or operation.get("requestBody"):
        declared = responses.get(422, {}).get("content", {}).get("application/json", {}).get("schema", {})
        name = declared.get("$ref", "").removeprefix("#/components/schemas/")
        # A declared 422 that is only `detail` and `errors` is the same answer, described less precisely.
        if not declared or set(components.get(name, {}).get("properties", {})) <= {"detail", "errors"}:
            responses[422] = _error_response("Invalid input", _INVALID_REF)
    # Any query string may hold a NUL character (refused by NullCharacterMiddleware), any body bad JSON.
    responses.setdefault(
        400, _error_response("Malformed request: a null character, or a body that is not JSON", _ERROR_REF)
    )
    if operation.get("security"):
        responses.setdefault(401, _error_response("Unknown or revoked token", _ERROR_REF))
    if "{" in path:
        responses.setdefault(404, _error_response("Not found, or not visible to the caller", _ERROR_REF))
    operation["responses"] = dict(sorted(responses.items()))


api = MostoviAPI(
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
    detail = getattr(exc, "detail", None)  # a revoked or expired token says so (auth.TokenRefused)
    return _error(request, 401, detail or _("Authentication required: send a valid token or sign in."))


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
from mostovi.accounts.api import members_router  # noqa: E402
from mostovi.accounts.api import router as auth_router  # noqa: E402
from mostovi.accounts.api_privacy import router as privacy_router  # noqa: E402
from mostovi.directory.api import router as directory_router  # noqa: E402
from mostovi.evaluation.actions.api import router as actions_router  # noqa: E402
from mostovi.evaluation.logframe.api import router as evaluation_router  # noqa: E402
from mostovi.evaluation.reviews.api import router as reviews_router  # noqa: E402
from mostovi.exchange.api import router as exchange_router  # noqa: E402
from mostovi.exchange.api_suggestions import router as suggestions_router  # noqa: E402
from mostovi.funding.api import router as funding_router  # noqa: E402
from mostovi.funding.plans.api import router as funding_plan_router  # noqa: E402
from mostovi.handover.api import router as handover_router  # noqa: E402
from mostovi.networks.api import router as networks_router  # noqa: E402
from mostovi.opendata.api import router as opendata_router  # noqa: E402
from mostovi.partnerships.api import router as partnerships_router  # noqa: E402
from mostovi.procedures.api import router as procedures_router  # noqa: E402
from mostovi.profiles.api import router as profiles_router  # noqa: E402
from mostovi.projects.api import router as projects_router  # noqa: E402
from mostovi.translations.api import router as translations_router  # noqa: E402

api.add_router("/auth", auth_router)
# /invitations/accept, /memberships/{id}/confirm and /refuse.
api.add_router("/", members_router)
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
# /me/export and /me/close.
api.add_router("/", privacy_router)
# /networks/{id}/overview: the coordination console (reads projects, partnerships and the exchange).
api.add_router("/", networks_router)
# /procedures, /projects/{id}/procedure and /projects/{id}/documents/generate.
api.add_router("/", procedures_router)
# /authorities/{id}/profile: how an authority presents itself.
api.add_router("/", profiles_router)
# /translations/{content}/{id}/{field}: the partners' translations of each other's texts.
api.add_router("/", translations_router)
