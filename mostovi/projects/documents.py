"""What an uploaded file really is, judged from its content, never from its name."""

import io
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
            with zipfile.ZipFile(file_obj) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype in ALLOWED:
                        return mimetype
                if "[Content_Types].xml" in names:
                    if any(n.startswith("word/") for n in names):
                        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    if any(n.startswith("xl/") for n in names):
                        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        except (zipfile.BadZipFile, OSError, KeyError):
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
