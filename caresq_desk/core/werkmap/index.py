"""The werkmap's index in SQLite (the standard library's sqlite3), in the user's cache folder:
a file whose size, modification time and the installed policies are unchanged is not read again.
The index only speeds things up: a damaged one is thrown away and rebuilt."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from caresq_desk.core.common import paths
from caresq_desk.core.document.sharing import read_lock
from caresq_desk.core.document.signing import TeamKeys, read_team_keys
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.werkmap.pool import read_rows
from caresq_desk.core.werkmap.scan import (
    Change,
    FoundFile,
    WerkmapRow,
    find_files,
    werkmap_root,
)

# Keyed by the file's absolute, resolved path as bytes (a name need not be valid UTF-8), with
# its identity (device, inode) where the platform gives one. The first index ("rows") was keyed
# by the path as typed, so a relative name could show another folder's file: it is dropped.
SCHEMA = """
drop table if exists rows;
create table if not exists files (
    path blob primary key, size integer, mtime_ns integer, device integer, inode integer,
    policies text, row text
);
create table if not exists heads (path blob primary key, head text);
"""


ROW_FORMAT = 8  # raise when WerkmapRow changes: rows cached in an older shape are read again
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
            db.executescript(SCHEMA)
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
        team = read_team_keys(werkmap_root(folder))
        # The team's keys decide how a signature reads: a changed list reads the files again.
        key = policies_key(registry) + ":" + _team_key(team)
        prefix = os.fsencode(werkmap_root(folder)).rstrip(os.sep.encode()) + os.sep.encode()
        # One query for the whole folder (exact prefix: LIKE would treat _ and % as wildcards).
        try:
            cached = {
                bytes(path): rest
                for path, *rest in self.db.execute(
                    "select path, size, mtime_ns, device, inode, policies, row from files "
                    "where substr(path, 1, ?) = ?",
                    (len(prefix), prefix),
                )
            }
            heads = {
                bytes(path): head
                for path, head in self.db.execute(
                    "select path, head from heads where substr(path, 1, ?) = ?",
                    (len(prefix), prefix),
                )
            }
        except sqlite3.Error:  # locked by another Caresq Desk for too long, or damaged
            cached, heads = {}, {}
        files = find_files(folder)
        total = len(files)
        if progress is not None:
            progress(0, total)
        rows: list[WerkmapRow | None] = []
        stale: list[tuple[int, FoundFile]] = []
        for found in files:
            row = _cached_row(cached.get(os.fsencode(found.path)), found, key)
            if row is not None:
                # Who has it open changes without the file changing.
                holder = read_lock(found.path) if found.locked else None
                row.open_by = holder.describe() if holder else ""
                rows.append(row)
            else:
                head = heads.get(os.fsencode(found.path))
                stale.append(
                    (len(rows), replace(found, known_head=head if isinstance(head, str) else None))
                )
                rows.append(None)
        done = total - len(stale)
        report = None if progress is None else (lambda n: progress(done + n, total))
        fresh = []
        new_heads = []
        for (position, found), row in zip(
            stale, read_rows([found for _, found in stale], registry, report, team), strict=True
        ):
            rows[position] = row
            # A rewritten history keeps the head it should have held: it stays flagged.
            head = found.known_head if row.history_changed and found.known_head else row.chain_head
            if head:
                new_heads.append((os.fsencode(found.path), head))
            if found.size is not None and not found.problem:
                device, inode = found.identity or (None, None)
                fresh.append((os.fsencode(found.path), found.size, found.mtime_ns, device, inode,
                              key, json.dumps(row.to_dict())))  # fmt: skip
        read = len(stale)
        gone = cached.keys() - {os.fsencode(found.path) for found in files}
        try:
            self.db.executemany("insert or replace into files values (?, ?, ?, ?, ?, ?, ?)", fresh)
            self.db.executemany("delete from files where path = ?", [(path,) for path in gone])
            self.db.executemany("insert or replace into heads values (?, ?)", new_heads)
            self.db.commit()
        except sqlite3.Error:  # the rows stand; only the next scan is slower
            self.db.rollback()
        if progress is not None:
            progress(total, total)
        return [row for row in rows if row is not None], read


def _team_key(team: TeamKeys) -> str:
    return hashlib.sha256(repr(sorted(team.names.items())).encode()).hexdigest()[:16]


def _cached_row(hit: list[Any] | None, found: FoundFile, key: str) -> WerkmapRow | None:
    """The cached row when it is of this very file as it is now, else None (read it again)."""
    if hit is None or found.problem:
        return None
    size, mtime_ns, device, inode, policies, text = hit
    identity = (device, inode) if device is not None else None
    if (size, mtime_ns, policies) != (found.size, found.mtime_ns, key):
        return None
    if found.identity is not None and identity != found.identity:
        return None
    return row_from_json(text)


# A cached row's fields and the JSON types each must have; anything else is a damaged row.
_ROW_TYPES = {f.name: f.type for f in fields(WerkmapRow)}
_JSON_TYPES = {"str": str, "bool": bool, "list[Change]": list}


def row_from_json(text: Any) -> WerkmapRow | None:
    """A row from the index, or None when it is not one (damaged: the file is read again)."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.keys() != _ROW_TYPES.keys():
            return None
        for name, kind in _ROW_TYPES.items():
            if type(data[name]) is not _JSON_TYPES[str(kind)]:
                return None
        data["changes"] = [Change(**change) for change in data["changes"]]
        if not all(isinstance(v, str) for c in data["changes"] for v in c.__dict__.values()):
            return None
        return WerkmapRow(**data)
    except (ValueError, TypeError, RecursionError):
        return None
