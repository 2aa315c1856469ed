"""Atomic file writes: an interrupted save never damages the previous file.

Write a temporary file beside the target, flush it to disk, give it the target's mode, then
rename it over the target and flush the folder. A symlink is followed (its target is replaced,
the link stays), a missing folder is an error unless the caller asks for it to be created (only
"save as" does), and temporary files left by an earlier crash are removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from pathlib import Path

# A sync client or virus scanner may hold the target for a moment on Windows.
REPLACE_ATTEMPTS = 6
REPLACE_FIRST_WAIT = 0.05
# Temporary files older than this were left by a crashed save, not one that is still writing.
STALE_TEMP_SECONDS = 600


def resolve_target(path: Path) -> Path:
    """The file a save must replace: the target of a symlink, not the link itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def is_read_only(path: Path) -> bool:
    """True for an existing file without write permission bits (also when running as root)."""
    try:
        mode = resolve_target(path).stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _replace(source: Path, target: Path) -> None:
    wait = REPLACE_FIRST_WAIT
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            source.replace(target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(wait)
            wait *= 2


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles for this)."""
    if sys.platform == "win32":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def temp_prefix(target: Path) -> str:
    return f".{target.name}."


def remove_stale_temporaries(target: Path, now: float | None = None) -> int:
    """Remove ``.NAME.*.tmp`` files beside the target that a crashed save left behind."""
    now = time.time() if now is None else now
    removed = 0
    with contextlib.suppress(OSError):
        for candidate in target.parent.glob(f"{temp_prefix(target)}*.tmp"):
            with contextlib.suppress(OSError):
                if now - candidate.stat().st_mtime > STALE_TEMP_SECONDS:
                    candidate.unlink()
                    removed += 1
    return removed


def atomic_write_bytes(path: Path, data: bytes, *, create_folder: bool = False) -> None:
    """Replace ``path`` by ``data`` in one step; on any failure the old file is untouched."""
    target = resolve_target(path)
    folder = target.parent
    if create_folder:
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, "de map bestaat niet (meer)", str(folder))
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    handle, temporary = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        _replace(Path(temporary), target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # the data is safe; durability of the rename is a bonus
        _sync_folder(folder)
    remove_stale_temporaries(target)


def atomic_write_text(path: Path, text: str, *, create_folder: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), create_folder=create_folder)
