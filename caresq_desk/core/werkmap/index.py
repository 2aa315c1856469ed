"""The werkmap's index in SQLite (the standard library's sqlite3), in the user's cache folder:
a file whose size, modification time and the installed policies are unchanged is not read again.
The index only speeds things up: a damaged one is thrown away and rebuilt."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from caresq_desk.core.common import paths
from caresq_desk.core.document.sharing import read_lock
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.werkmap.pool import read_rows
from caresq_desk.core.werkmap.scan import Change, FoundFile, WerkmapRow, find_files

SCHEMA = """
create table if not exists rows (
    path text primary key, size integer, mtime_ns integer, policies text, row text
)
"""


ROW_FORMAT = 3  # raise when WerkmapRow changes: rows cached in an older shape are read again
BUSY_SECONDS = 2.0  # how long to wait for another Caresq Desk that is writing the index


def policies_key(registry: Registry) -> str:
    """Changes whenever any installed policy file changes (a correction, a new version)."""
    joined = f"rows{ROW_FORMAT}|" + "|".join(sorted(f"{p.id}:{p.sha256}" for p in registry))
    return hashlib.sha256(joined.encode()).hexdigest()


class WerkmapIndex:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.cache_dir() / "werkmap.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._connect(str(self.path))
        except sqlite3.OperationalError:
            # Locked by another Caresq Desk (or not writable): never deleted for that; this scan
            # works without the shared index, only slower.
            self.db = self._connect(":memory:")
        except sqlite3.DatabaseError:  # a damaged cache: start again
            self.path.unlink(missing_ok=True)
            self.db = self._connect(str(self.path))

    def _connect(self, where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, timeout=BUSY_SECONDS)
        try:
            db.execute(SCHEMA)
        except sqlite3.Error:
            db.close()
            raise
        return db

    def close(self) -> None:
        self.db.close()

    def scan(
        self,
        folder: Path,
        registry: Registry,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[list[WerkmapRow], int]:
        """Every file under ``folder`` as a row, and how many files had to be read;
        ``progress(done, total)`` is told along the way."""
        key = policies_key(registry)
        prefix = str(folder).rstrip(os.sep) + os.sep
        # One query for the whole folder (exact prefix: LIKE would treat _ and % as wildcards).
        try:
            cached = {
                path: (size, mtime_ns, policies, row)
                for path, size, mtime_ns, policies, row in self.db.execute(
                    "select path, size, mtime_ns, policies, row from rows "
                    "where substr(path, 1, ?) = ?",
                    (len(prefix), prefix),
                )
            }
        except sqlite3.Error:  # locked by another Caresq Desk for too long, or damaged
            cached = {}
        files = find_files(folder)
        total = len(files)
        if progress is not None:
            progress(0, total)
        rows: list[WerkmapRow | None] = []
        stale: list[tuple[int, FoundFile]] = []
        for found in files:
            hit = cached.get(str(found.path))
            if hit is not None and hit[:3] == (found.size, found.mtime_ns, key):
                row = _row_from_json(hit[3])
                # Who has it open changes without the file changing.
                holder = read_lock(found.path) if found.locked else None
                row.open_by = holder.describe() if holder else ""
                rows.append(row)
            else:
                stale.append((len(rows), found))
                rows.append(None)
        done = total - len(stale)
        report = None if progress is None else (lambda n: progress(done + n, total))
        fresh = []
        for (position, found), row in zip(
            stale, read_rows([found for _, found in stale], registry, report), strict=True
        ):
            rows[position] = row
            if found.size is not None:
                fresh.append((str(found.path), found.size, found.mtime_ns, key,
                              json.dumps(row.to_dict())))  # fmt: skip
        read = len(stale)
        gone = cached.keys() - {str(found.path) for found in files}
        try:
            self.db.executemany("insert or replace into rows values (?, ?, ?, ?, ?)", fresh)
            self.db.executemany("delete from rows where path = ?", [(path,) for path in gone])
            self.db.commit()
        except sqlite3.Error:  # the rows stand; only the next scan is slower
            self.db.rollback()
        if progress is not None:
            progress(total, total)
        return [row for row in rows if row is not None], read


def _row_from_json(text: str) -> WerkmapRow:
    data = json.loads(text)
    data["changes"] = [Change(**change) for change in data.get("changes", [])]
    return WerkmapRow(**data)
