"""Files that others may open too: on a shared or synchronised folder, or in a second window.

A ``FileStamp`` records what a file was when it was opened or last saved (size, modification
time, content hash); a save first checks that the file is still that, so a colleague's change is
never silently overwritten. A lock marker ``.~lock.NAME#`` beside an open file (the convention
LibreOffice uses) tells others who has it open, on which computer and since when.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from caresq_desk.core.common.atomic import resolve_target

MAX_LOCK_BYTES = 4096


@dataclass(frozen=True)
class FileStamp:
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        """The stamp of the file as it is on disk now, or None when there is no file."""
        try:
            target = resolve_target(path)
            info = target.stat()
            digest = hashlib.sha256(target.read_bytes()).hexdigest()
        except FileNotFoundError:
            return None
        return cls(info.st_size, info.st_mtime_ns, digest)

    @classmethod
    def of_bytes(cls, path: Path, data: bytes) -> FileStamp:
        """The stamp of a file whose bytes were just read or written as ``data``."""
        info = resolve_target(path).stat()
        return cls(info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def same_content(self, other: FileStamp | None) -> bool:
        return other is not None and other.size == self.size and other.sha256 == self.sha256


class FileChangedError(Exception):
    """The file on disk is no longer the one that was opened: someone else saved or removed it."""

    def __init__(self, path: Path, now: FileStamp | None) -> None:
        self.path = path
        self.now = now
        super().__init__(
            f"{path}: het bestand is "
            + (
                "intussen verwijderd of verplaatst"
                if now is None
                else "intussen door een ander gewijzigd"
            )
        )


def check_unchanged(path: Path, expected: FileStamp | None) -> None:
    """Raise FileChangedError when ``path`` differs from what was opened (None: a new file)."""
    if expected is None:
        return
    try:
        info = resolve_target(path).stat()
    except FileNotFoundError:
        raise FileChangedError(path, None) from None
    if (info.st_size, info.st_mtime_ns) == (expected.size, expected.mtime_ns):
        return  # the usual case: nothing to read
    now = FileStamp.of(path)
    if now is None or (now != expected and not expected.same_content(now)):
        raise FileChangedError(path, now)


# -- lock markers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        try:
            moment = datetime.fromisoformat(self.since).strftime("%d-%m-%Y %H:%M")
        except ValueError:
            moment = self.since
        return f"{self.user} op computer {self.host}, sinds {moment}"


LOCK_PREFIX = ".~lock."  # the marker's name: LOCK_PREFIX + file name + "#" (as LibreOffice)


def lock_path(path: Path) -> Path:
    target = resolve_target(path)
    return target.with_name(f"{LOCK_PREFIX}{target.name}#")


def _me() -> LockInfo:
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = "onbekende gebruiker"
    return LockInfo(
        user, socket.gethostname(), os.getpid(), datetime.now().isoformat(timespec="seconds")
    )


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def read_lock(path: Path) -> LockInfo | None:
    """Who else has ``path`` open; None when nobody, when it is this process, or when the marker
    is stale (left on this computer by a process that has ended) or unreadable."""
    marker = lock_path(path)
    try:
        if marker.stat().st_size > MAX_LOCK_BYTES:
            return None
        raw = json.loads(marker.read_text(encoding="utf-8"))
        info = LockInfo(str(raw["user"]), str(raw["host"]), int(raw["pid"]), str(raw["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    me = _me()
    if info.host == me.host and (info.pid == me.pid or not _process_alive(info.pid)):
        return None
    return info


def write_lock(path: Path) -> bool:
    """Mark ``path`` as open by this process, unless someone else's live marker is there (it
    stays, so they keep being shown). False when no marker was written: a lock marker is
    advisory, and a read-only folder still lets the user read the file."""
    if read_lock(path) is not None:
        return False
    info = _me()
    text = json.dumps(info.__dict__, ensure_ascii=False)
    try:
        lock_path(path).write_text(text, encoding="utf-8")
    except OSError:
        return False
    return True


def release_lock(path: Path) -> None:
    """Remove this process's marker; someone else's is left alone."""
    marker = lock_path(path)
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        raw = json.loads(marker.read_text(encoding="utf-8"))
        me = _me()
        if raw.get("host") == me.host and raw.get("pid") == me.pid:
            marker.unlink()
