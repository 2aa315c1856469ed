"""The werkmap's index in SQLite (the standard library's sqlite3), in the user's cache folder:
a file whose size, modification time and the installed policies are unchanged is not read again.
The index only speeds things up: a damaged one is thrown away and rebuilt."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from caresq_desk.core import paths
from caresq_desk.core.registry import Registry
from caresq_desk.core.sharing import read_lock
from caresq_desk.core.werkmap import Change, WerkmapRow, assessment_files, read_row

SCHEMA = """
create table if not exists rows (
    path text primary key, size integer, mtime_ns integer, policies text, row text
)
"""


ROW_FORMAT = 3  # raise when WerkmapRow changes: rows cached in an older shape are read again


def policies_key(registry: Registry) -> str:
    """Changes whenever any installed policy file changes (a correction, a new version)."""
    joined = f"rows{ROW_FORMAT}|" + "|".join(sorted(f"{p.id}:{p.sha256}" for p in registry))
    return hashlib.sha256(joined.encode()).hexdigest()


class WerkmapIndex:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.cache_dir() / "werkmap.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._connect()
        except sqlite3.DatabaseError:  # a damaged cache: start again
            self.path.unlink(missing_ok=True)
            self.db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute(SCHEMA)
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
        rows, read = [], 0
        seen: set[str] = set()
        files = assessment_files(folder)
        for number, file in enumerate(files, start=1):
            if progress is not None and number % 50 == 1:
                progress(number - 1, len(files))
            name = str(file)
            seen.add(name)
            try:
                info = file.stat()
            except OSError:
                info = None
            cached = None
            if info is not None:
                cached = self.db.execute(
                    "select row from rows where path = ? and size = ? and mtime_ns = ? "
                    "and policies = ?",
                    (name, info.st_size, info.st_mtime_ns, key),
                ).fetchone()
            if cached is not None:
                row = _row_from_json(cached[0])
                holder = read_lock(file)  # who has it open changes without the file changing
                row.open_by = holder.describe() if holder else ""
            else:
                row = read_row(file, registry)
                read += 1
                if info is not None:
                    self.db.execute(
                        "insert or replace into rows values (?, ?, ?, ?, ?)",
                        (name, info.st_size, info.st_mtime_ns, key, json.dumps(row.to_dict())),
                    )
            rows.append(row)
        prefix = str(folder).rstrip("/") + "/"
        known = self.db.execute("select path from rows where path like ?", (prefix + "%",))
        for (stale,) in known.fetchall():
            if stale not in seen:
                self.db.execute("delete from rows where path = ?", (stale,))
        self.db.commit()
        if progress is not None:
            progress(len(files), len(files))
        return rows, read


def _row_from_json(text: str) -> WerkmapRow:
    data = json.loads(text)
    data["changes"] = [Change(**change) for change in data.get("changes", [])]
    return WerkmapRow(**data)
