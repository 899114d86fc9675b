"""The handover pack as a PDF (HTML printed by WeasyPrint) or a DOCX (docxtpl), in the active language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from mostovi.core.pdf import FONT_STACK, html_to_pdf

from .docx import render_docx


def render_html(*, meta: dict, pack: dict | None = None, partnership: dict | None = None) -> str:
    return render_to_string(
        "handover/pack.html",
        {"meta": meta, "pack": pack, "partnership": partnership, "font_stack": FONT_STACK},
    )


def render_pdf(*, meta: dict, pack: dict | None = None, partnership: dict | None = None) -> bytes:
    html = render_html(meta=meta, pack=pack, partnership=partnership)
    return html_to_pdf(html, base_url=settings.SITE_URL.rstrip("/") + "/")


__all__ = ["render_docx", "render_html", "render_pdf"]
