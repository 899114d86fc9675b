"""What an uploaded file is, judged from a few kilobytes of its content; archives that would expand into
hundreds of megabytes are refused unread; the stored name takes the extension of the type found."""

import functools
import io
import struct
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from mostovi.projects import services
from mostovi.projects.documents import sniff_upload, stored_name
from mostovi.projects.exceptions import InvalidInput

from .factories import make_project, make_world

ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MB = 1024 * 1024


def _zip(entries: list[tuple[str, bytes]], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


@functools.cache
def _bomb(megabytes: int, first: bytes = ODT.encode()) -> bytes:
    """A `mimetype` entry of `megabytes` MB (a real type, then zeros), written in chunks: a few dozen KB."""
    buffer = io.BytesIO()
    chunk = b"\0" * MB
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("mimetype", "w", force_zip64=True) as entry,
    ):
        entry.write(first)
        for _ in range(megabytes):
            entry.write(chunk)
    return buffer.getvalue()


def _declaring(data: bytes, uncompressed: int) -> bytes:
    """`data` (a zip of one stored entry) whose central directory declares `uncompressed` bytes."""
    at = data.index(b"PK\x01\x02")
    return data[: at + 24] + struct.pack("<I", uncompressed) + data[at + 28 :]


def upload(data: bytes, name: str = "file.odt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_office_files_are_recognised_from_their_directory():
    odt = _zip([("mimetype", ODT.encode()), ("content.xml", b"<office:document-content/>")])
    docx = _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")])
    assert sniff_upload(upload(odt)) == ODT
    assert sniff_upload(upload(docx, "a.docx")) == DOCX


def test_a_compressed_bomb_is_refused_without_being_expanded():
    data = _bomb(40)
    assert len(data) < 300 * 1024
    tracemalloc.start()
    try:
        assert sniff_upload(upload(data)) is None
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * MB


def test_declared_sizes_over_the_limit_are_refused_unread():
    data = _zip([("mimetype", ODT.encode())], compression=zipfile.ZIP_STORED)
    assert sniff_upload(upload(data)) == ODT
    assert sniff_upload(upload(_declaring(data, 200 * MB))) is None


def test_an_archive_of_too_many_entries_is_refused():
    entries = [("mimetype", ODT.encode())] + [(f"f{i}.xml", b"") for i in range(3000)]
    assert sniff_upload(upload(_zip(entries))) is None


def test_a_type_entry_is_read_a_few_bytes_only():
    # A long `mimetype` entry is not a type, whatever it starts with.
    data = _zip([("mimetype", ODT.encode() + b" " * 20000)])
    assert sniff_upload(upload(data)) is None


@pytest.mark.parametrize(
    ("name", "content_type", "stored"),
    [
        ("poly.html", "application/pdf", "poly.pdf"),
        ("rapport.PDF", "application/pdf", "rapport.pdf"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("photo.png", "image/jpeg", "photo.jpg"),
        ("convention.pdf.exe", "application/pdf", "convention.pdf.pdf"),
        ("../../etc/odluka", ODT, "odluka.odt"),
        ("", "application/pdf", "document.pdf"),
        (".htaccess", "application/pdf", "htaccess.pdf"),
    ],
)
def test_the_stored_name_takes_the_extension_of_the_type_found(name, content_type, stored):
    assert stored_name(name, content_type) == stored


@pytest.mark.django_db
def test_a_pdf_uploaded_as_html_is_stored_and_served_as_pdf():
    world = make_world()
    project = make_project(world)
    with translation.override("en"):
        document = services.document_upload(
            actor=world.officer_lyon,
            project=project,
            category="A12",
            title="Poly",
            language="fr",
            uploaded=SimpleUploadedFile("poly.html", PDF, content_type="text/html"),
        )
    version = document.versions.get()
    assert (version.filename, version.content_type) == ("poly.pdf", "application/pdf")
    assert version.file.name.endswith("-poly.pdf")


@pytest.mark.django_db
def test_a_bomb_upload_is_refused_with_a_clear_message():
    world = make_world()
    project = make_project(world)
    with translation.override("en"), pytest.raises(InvalidInput, match="This kind of file is not accepted"):
        services.document_upload(
            actor=world.officer_lyon,
            project=project,
            category="A12",
            title="Bomb",
            language="fr",
            uploaded=upload(_bomb(40)),
        )
    assert project.documents.count() == 0
