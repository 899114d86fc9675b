"""The caller's rights over their data: `GET /me/export`, `POST /me/close` (see docs/PRIVACY.md)."""

from django.contrib.auth import logout
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import ErrorOut

from . import privacy
from .exceptions import InvalidInput, NotAllowed

router = Router(tags=["privacy"])


class CloseIn(Schema):
    password: str = Field(max_length=4096)


class ClosedOut(Schema):
    detail: str


@router.get("/me/export", response={200: None, 401: ErrorOut}, summary="Everything held about the caller")
def me_export(request):
    user = require_user(request)
    response = HttpResponse(
        privacy.user_export_json(user=user), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="mostovi-my-data-{user.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@router.post(
    "/me/close",
    response={200: ClosedOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Close the caller's account",
)
def me_close(request, payload: CloseIn):
    user = require_user(request)
    try:
        privacy.account_close(actor=user, password=payload.password)
    except InvalidInput as exc:
        raise HttpError(403, str(exc)) from exc
    except NotAllowed as exc:
        raise HttpError(409, str(exc)) from exc
    if getattr(request, "auth_method", None) == "session":
        logout(request)
    return Status(200, {"detail": _("Your account is closed.")})
