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
    errno.ELOOP: "te veel koppelingen (symbolische links) achter elkaar, of een koppeling die "
    "naar zichzelf wijst",
    errno.ENXIO: "dit is geen gewoon bestand (een apparaat of named pipe zonder schrijver)",
    errno.ENODEV: "dit is geen gewoon bestand maar een apparaat",
    errno.ETIMEDOUT: "de (netwerk)schijf antwoordt niet op tijd",
    errno.ESTALE: "de netwerkschijf is niet meer bereikbaar; open de map opnieuw",
    errno.EMFILE: "te veel bestanden tegelijk geopend; sluit andere programma's en probeer opnieuw",
    errno.EAGAIN: "het bestand is tijdelijk niet beschikbaar; probeer het opnieuw",
    errno.EINVAL: "ongeldige bestandsnaam of bewerking",
    errno.EEXIST: "er staat al een bestand met die naam",
    errno.ENOTEMPTY: "de map is niet leeg",
    errno.EXDEV: "verplaatsen tussen schijven is niet mogelijk",
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
    # The system's own text is English: name the error by its code, which helps support.
    if error.errno:
        return f"onverwachte systeemfout {errno.errorcode.get(error.errno, '')} ({error.errno})"
    return "onverwachte systeemfout"
