"""What an uploaded file really is, judged from its content, never from its name.

An office file is a zip archive: its type is read from the archive's directory and from at most a few
bytes of one entry (`mimetype`), never by decompressing an entry whole. Archives whose directory declares
more than `MAX_UNCOMPRESSED` bytes, more than `MAX_ENTRIES` entries or a compression ratio above
`MAX_RATIO` are refused unread: a few hundred kilobytes could otherwise expand to gigabytes.
"""

import io
import os
import zipfile

ALLOWED = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}
# Other spellings of the same type that a stored name may keep.
SAME_TYPE_EXTENSIONS = {"image/jpeg": {".jpeg"}}

MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
# Below this much declared content, a high ratio is harmless (small XML parts compress very well).
RATIO_FLOOR = 1024 * 1024
# The longest `mimetype` an OpenDocument file holds is well under this.
MIMETYPE_BYTES = 200


def _archive_sane(archive: zipfile.ZipFile) -> bool:
    """Whether the archive's directory promises sizes that are safe to look into."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        return False
    declared = sum(info.file_size for info in entries)
    compressed = sum(info.compress_size for info in entries)
    if declared > MAX_UNCOMPRESSED:
        return False
    if declared > RATIO_FLOOR and declared > MAX_RATIO * max(compressed, 1):
        return False
    return all(
        info.file_size <= RATIO_FLOOR or info.file_size <= MAX_RATIO * max(info.compress_size, 1)
        for info in entries
    )


def _mimetype(archive: zipfile.ZipFile) -> str | None:
    """The OpenDocument type named by the `mimetype` entry, reading a few bytes of it at most."""
    info = archive.getinfo("mimetype")
    if info.file_size > MIMETYPE_BYTES:
        return None
    with archive.open(info) as entry:
        head = entry.read(MIMETYPE_BYTES + 1)
    if len(head) > MIMETYPE_BYTES:
        return None
    return head.decode("ascii", "replace").strip()


def _office_type(file_obj) -> str | None:
    with zipfile.ZipFile(file_obj) as archive:
        if not _archive_sane(archive):
            return None
        names = set(archive.namelist())
        if "mimetype" in names:
            mimetype = _mimetype(archive)
            if mimetype in ALLOWED:
                return mimetype
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if any(n.startswith("xl/") for n in names):
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def sniff(head: bytes, file_obj=None) -> str | None:
    """The content type of a file from its first bytes (and its zip directory for office files)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04") and file_obj is not None:
        try:
            file_obj.seek(0)
            return _office_type(file_obj)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError):
            # Broken, encrypted or oddly compressed archives are not documents we accept.
            return None
        finally:
            file_obj.seek(0)
    return None


def sniff_upload(uploaded) -> str | None:
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    data = uploaded if hasattr(uploaded, "seek") else io.BytesIO(uploaded.read())
    return sniff(head, data)


def stored_name(name, content_type: str) -> str:
    """The name a file is kept and served under: the sender's base name with the extension of the type
    its content showed (`poly.html` holding a PDF is kept as `poly.pdf`)."""
    extension = ALLOWED[content_type]
    base = os.path.basename(str(name or "").replace("\\", "/")).strip()
    stem, suffix = os.path.splitext(base)
    stem = stem.strip().lstrip(".") or "document"
    if suffix.lower() in SAME_TYPE_EXTENSIONS.get(content_type, set()):
        extension = suffix.lower()
    return stem[: 255 - len(extension)] + extension
