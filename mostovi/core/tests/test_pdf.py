import io

import pytest
from pypdf import PdfReader

from mostovi.core.pdf import FONT_STACK, html_to_pdf, static_file_for_url


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_renders_real_text_latin_and_cyrillic():
    html = (
        f"<html><body style='font-family: {FONT_STACK}'><h1>Lyon – Niš</h1>"
        "<p lang='sr'>Град Ниш и Град Лион</p><p>Sofia, Пловдив</p></body></html>"
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    assert "Lyon – Niš" in text
    assert "Град Ниш и Град Лион" in text
    assert "Пловдив" in text


def test_static_files_are_served_from_disk():
    assert static_file_for_url("http://example.org/static/mostovi/app.css").name == "app.css"
    assert static_file_for_url("/static/mostovi/favicon.svg").name == "favicon.svg"
    assert static_file_for_url("http://example.org/static/../config/settings/base.py") is None
    assert static_file_for_url("http://example.org/media/x.pdf") is None
    assert static_file_for_url("file:///etc/passwd") is None
    assert static_file_for_url("http://example.org/static/missing.css") is None


@pytest.mark.parametrize(
    "src",
    ["http://192.0.2.1/logo.png", "https://example.org/x.css", "file:///etc/hostname", "ftp://example.org/x"],
)
def test_remote_and_file_resources_are_refused(src, monkeypatch):
    import urllib.request

    def boom(*args, **kwargs):  # pragma: no cover - reaching it is the failure
        raise AssertionError("network or file access attempted")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", boom)
    html = (
        f"<html><head><link rel='stylesheet' href='{src}'></head>"
        f"<body><img src='{src}'><p>ok</p></body></html>"
    )
    pdf = html_to_pdf(html)
    assert "ok" in _text(pdf)


def test_local_stylesheet_is_applied():
    html = (
        "<html><head><link rel='stylesheet' href='/static/mostovi/app.css'></head>"
        "<body><p>styled</p></body></html>"
    )
    assert "styled" in _text(html_to_pdf(html, base_url="http://127.0.0.1:8000/fr/"))
