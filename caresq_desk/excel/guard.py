"""Checks an .xlsx before anything parses it: size, zip structure, compression ratios, and no
DOCTYPE in any of its XML parts.

An .xlsx is a zip of XML files. A hostile one can be tiny on disk and enormous unpacked (a
decompression bomb), carry XML entity bombs, or not be an .xlsx at all (an encrypted workbook is
an OLE file, not a zip). Excel and LibreOffice never write a DOCTYPE; entities can only be
declared in one, so a part without one cannot hold an entity bomb, whatever parser reads it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_RATIO = 200  # unpacked / packed, for members larger than 1 MB unpacked
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 1 << 20


class UnsafeWorkbookError(ValueError):
    """A file that is not read: the message says why, in Dutch."""


def check_workbook(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise UnsafeWorkbookError(f"{path}: bestand niet gevonden") from None
    if size > MAX_FILE_BYTES:
        raise UnsafeWorkbookError(f"{path.name}: het bestand is te groot ({size} bytes)")
    if head == OLE_MAGIC:
        raise UnsafeWorkbookError(
            f"{path.name}: het bestand is versleuteld of een oud .xls-bestand; sla het op als "
            "Excel-werkmap (.xlsx) zonder wachtwoord"
        )
    if not zipfile.is_zipfile(path):
        raise UnsafeWorkbookError(f"{path.name}: dit is geen Excel-werkmap (.xlsx)")
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnsafeWorkbookError(f"{path.name}: de werkmap bevat te veel onderdelen")
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise UnsafeWorkbookError(
                f"{path.name}: uitgepakt zou de werkmap {unpacked} bytes zijn; dat is te groot "
                "(mogelijk een zip-bom)"
            )
        for member in members:
            packed = max(member.compress_size, 1)
            if member.file_size > 1_000_000 and member.file_size / packed > MAX_RATIO:
                raise UnsafeWorkbookError(
                    f"{path.name}: onderdeel {member.filename} is verdacht sterk gecomprimeerd "
                    "(mogelijk een zip-bom)"
                )
        if "xl/workbook.xml" not in {member.filename for member in members}:
            raise UnsafeWorkbookError(f"{path.name}: dit is geen Excel-werkmap (.xlsx)")
        for member in members:
            if member.filename.endswith((".xml", ".rels")) and _declares(archive, member):
                raise UnsafeWorkbookError(
                    f"{path.name}: de werkmap kan niet veilig worden gelezen: onderdeel "
                    f"{member.filename} declareert XML-entiteiten (mogelijk een aanval); het "
                    "bestand is niet gelezen"
                )


def _declares(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether an XML part has a DOCTYPE or an entity declaration (read in chunks)."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            data = tail + chunk
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                return True
            tail = data[-16:]
    return False
