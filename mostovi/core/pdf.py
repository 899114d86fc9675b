"""HTML → PDF with WeasyPrint, without network access.

Documents are rendered from Django templates. Fonts come from the machine (DejaVu covers Latin and
Cyrillic: templates use the stack in ``FONT_STACK``). The only resources a document may load are the
project's own static files, read from disk through the staticfiles finders, and ``data:`` URLs; any
other address (http, https, file, ftp…) is refused, so rendering never waits on the network and a
document cannot read arbitrary files.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

FONT_STACK = '"DejaVu Sans", "Noto Sans", "Liberation Sans", sans-serif'

# A base for relative URLs when the caller gives none: resolved URLs then keep their path, which is
# all the fetcher looks at.
DEFAULT_BASE_URL = "http://mostovi.invalid/"

# WeasyPrint reports every layout step at INFO: keep the logs for problems.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _static_prefix() -> str:
    prefix = urlsplit(settings.STATIC_URL or "/static/").path or "/static/"
    return prefix if prefix.endswith("/") else prefix + "/"


def static_file_for_url(url: str) -> Path | None:
    """The local static file that ``url`` names (under STATIC_URL), or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", ""):
        return None
    prefix = _static_prefix()
    path = unquote(parts.path)
    if not path.startswith(prefix):
        return None
    relative = path[len(prefix) :]
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if not found:
        return None
    if isinstance(found, list):  # find(all=True) shape; not expected, but harmless
        found = found[0] if found else None
    return Path(found) if found else None


def _make_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the project's static files and data: URLs; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            local = static_file_for_url(url)
            if local is None:
                raise ValueError(f"Resource not allowed in documents: {url}")
            content_type = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, local.read_bytes(), {"Content-Type": content_type})

    return StaticOnlyFetcher(allowed_protocols=("data", "http", "https"))


def html_to_document(html: str, *, base_url: str | None = None):
    """The laid-out pages of an HTML document (WeasyPrint's `Document`: its pages' boxes can be measured)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url or DEFAULT_BASE_URL, url_fetcher=_make_fetcher()).render()


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render an HTML document to PDF bytes (real text, fonts embedded)."""
    return html_to_document(html, base_url=base_url).write_pdf()
