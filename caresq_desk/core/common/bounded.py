"""Reading a file that anyone could have put there: only a regular file, and never more bytes
than a limit, counted as they are read (a size the system reports can be 0 for a device that
never ends)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Opening a named pipe without O_NONBLOCK waits for a writer that may never come.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 20


class NotRegularFileError(OSError):
    """A folder, named pipe, device or socket where a file was expected."""


class FileTooLargeError(OSError):
    """More bytes than the limit: the rest was not read."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in Dutch."""
    if stat.S_ISDIR(mode):
        return "dit is een map, geen bestand"
    if stat.S_ISFIFO(mode):
        return "dit is een named pipe, geen bestand; niet gelezen"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "dit is een apparaat, geen bestand; niet gelezen"
    if stat.S_ISSOCK(mode):
        return "dit is een socket, geen bestand; niet gelezen"
    return "dit is geen gewoon bestand; niet gelezen"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (links followed), at most ``limit`` of them."""
    info = path.stat()  # before opening: a pipe or a device is never opened at all
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(kind_of(info.st_mode))
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        # The path may have been swapped between the look and the open: look again.
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            raise NotRegularFileError(kind_of(opened.st_mode))
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(descriptor, True)  # a regular file: read it plainly
        parts = []
        total = 0
        while True:
            part = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not part:
                break
            parts.append(part)
            total += len(part)
            if total > limit:
                raise FileTooLargeError(f"meer dan {limit} bytes")
        return b"".join(parts)
    finally:
        os.close(descriptor)
