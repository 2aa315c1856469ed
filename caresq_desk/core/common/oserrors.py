"""Operating-system errors in words a user can act on, in Dutch."""

from __future__ import annotations

import errno

MESSAGES = {
    errno.ENOENT: "het bestand of de map bestaat niet (meer)",
    errno.EACCES: "geen toestemming (het bestand of de map is beveiligd)",
    errno.EPERM: "geen toestemming (het bestand of de map is beveiligd)",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "uw schijfruimte (quotum) is op",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.EBUSY: "het bestand is in gebruik door een ander programma",
    errno.ENAMETOOLONG: "de bestandsnaam is te lang",
    errno.EIO: "de schijf gaf een lees- of schrijffout",
    # Raised by the application itself when a file would grow past what it can open again.
    errno.EFBIG: "het bestand zou te groot worden om nog te openen",
}


def describe_os_error(error: OSError) -> str:
    """'de schijf is vol' rather than '[Errno 28] No space left on device'."""
    known = MESSAGES.get(error.errno or 0)
    if known:
        return known
    if getattr(error, "winerror", None) == 32:  # ERROR_SHARING_VIOLATION
        return "het bestand is in gebruik door een ander programma (virusscanner of synchronisatie)"
    return f"systeemfout {error.errno}: {error.strerror or error}"
