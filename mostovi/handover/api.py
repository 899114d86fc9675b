"""Handover pack endpoints (`docs/API.md`), mounted at the API root:

`GET /projects/{id}/handover-pack.pdf|.docx` and `GET /partnerships/{id}/handover-pack.pdf|.docx`.
The language is `?lang=` when given (one of the interface languages, else 422), else the one
`Accept-Language` asks for, else the signed-in user's preferred language, else the site's default.
A project the caller may not see answers 404, exactly like one that does not exist.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from mostovi.core.api.schemas import ErrorOut
from mostovi.partnerships.permissions import can_view_partnership
from mostovi.partnerships.selectors import partnership_get_for_page

from .views import attachment, partnership_document, project_document, visible_project

router = Router(tags=["handover"])

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def pack_language(request, lang: str | None) -> str:
    if lang:
        if lang not in LANGUAGES:
            raise HttpError(
                422, _("Unknown language: choose one of %(languages)s.") % {"languages": ", ".join(LANGUAGES)}
            )
        return lang
    if request.headers.get("Accept-Language"):
        return translation.get_language_from_request(request)
    user = getattr(request, "user", None)
    preferred = getattr(user, "preferred_language", "") if user is not None and user.is_authenticated else ""
    if preferred in LANGUAGES:
        return preferred
    return settings.LANGUAGE_CODE


def _project(request, project_id: int, fmt: str, lang: str | None):
    language = pack_language(request, lang)
    project = visible_project(request.user, project_id)
    if project is None:
        raise HttpError(404, _("No project has this id."))
    content = project_document(user=request.user, project=project, fmt=fmt, language=language)
    return attachment(content, kind="project", fmt=fmt, pk=project.pk)


def _partnership(request, partnership_id: int, fmt: str, lang: str | None):
    language = pack_language(request, lang)
    partnership = partnership_get_for_page(pk=partnership_id)
    if (
        partnership is None
        or partnership.deleted_at is not None
        or not can_view_partnership(request.user, partnership)
    ):
        raise HttpError(404, _("No partnership has this id."))
    content = partnership_document(user=request.user, partnership=partnership, fmt=fmt, language=language)
    return attachment(content, kind="partnership", fmt=fmt, pk=partnership.pk)


RESPONSES = {404: ErrorOut, 422: ErrorOut}
_BINARY = {"schema": {"type": "string", "format": "binary"}}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The pack itself (an attachment), which ninja cannot describe from a response model.
PDF_200 = {
    "responses": {200: {"description": "The pack, as an attachment", "content": {"application/pdf": _BINARY}}}
}
DOCX_200 = {"responses": {200: {"description": "The pack, as an attachment", "content": {DOCX: _BINARY}}}}


@router.get(
    "/projects/{int:project_id}/handover-pack.pdf",
    response=RESPONSES,
    summary="Handover pack (PDF)",
    openapi_extra=PDF_200,
)
def project_pack_pdf(request, project_id: int, lang: str | None = None):
    """The project's handover pack as a PDF (`application/pdf`, an attachment)."""
    return _project(request, project_id, "pdf", lang)


@router.get(
    "/projects/{int:project_id}/handover-pack.docx",
    response=RESPONSES,
    summary="Handover pack (DOCX)",
    openapi_extra=DOCX_200,
)
def project_pack_docx(request, project_id: int, lang: str | None = None):
    """The project's handover pack as a Word document (an attachment)."""
    return _project(request, project_id, "docx", lang)


@router.get(
    "/partnerships/{int:partnership_id}/handover-pack.pdf",
    response=RESPONSES,
    summary="Partnership pack (PDF)",
    openapi_extra=PDF_200,
)
def partnership_pack_pdf(request, partnership_id: int, lang: str | None = None):
    """The partnership's record and the packs of the joint projects the caller may see, as a PDF."""
    return _partnership(request, partnership_id, "pdf", lang)


@router.get(
    "/partnerships/{int:partnership_id}/handover-pack.docx",
    response=RESPONSES,
    summary="Partnership pack (DOCX)",
    openapi_extra=DOCX_200,
)
def partnership_pack_docx(request, partnership_id: int, lang: str | None = None):
    """The same as a Word document."""
    return _partnership(request, partnership_id, "docx", lang)
