"""Compiled policies kept between starts, so the window is usable without parsing TOML, running
pydantic and compiling every policy again: about four fifths of the time from the first paint
to a usable window (benchmarks/bench_startup.py).

Keyed by the SHA-256 of the policy file's bytes, the cache format, the application's version and
Python's: a changed file, a new release or another Python never reads an old entry. An entry
that cannot be read for any reason is ignored and written again. The cache lives in the user's
own cache folder (core.paths), written atomically and readable by the user only; whoever can
write there can already change what the user runs, so it is not signed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import pickle
import sys
from pathlib import Path
from typing import Final

from caresq_desk._version import __version__
from caresq_desk.core.common import paths
from caresq_desk.core.common.atomic import atomic_write_bytes
from caresq_desk.core.policy.compiled import Policy

CACHE_FORMAT: Final = 3  # 3: records (spec.py), not pydantic models; pickled by __init__
FOLDER: Final = "beleid"
# Far above a compiled policy (the largest is about 200 kB): a bound against a damaged cache.
MAX_ENTRY_BYTES: Final = 20_000_000


def _entry(source: Path, sha256: str) -> Path:
    build = f"{CACHE_FORMAT}|{__version__}|{sys.version}"
    key = hashlib.sha256(f"{sha256}|{build}".encode()).hexdigest()[:40]
    return paths.cache_dir() / FOLDER / f"{source.stem}-{key}.pickle"


def load(source: Path, sha256: str) -> Policy | None:
    """The compiled policy for exactly these bytes, or None (not cached, or not usable)."""
    entry = _entry(source, sha256)
    try:
        if entry.stat().st_size > MAX_ENTRY_BYTES:
            return None
        policy = pickle.loads(entry.read_bytes())
    except Exception:
        return None
    if not isinstance(policy, Policy) or policy.sha256 != sha256:
        return None
    return dataclasses.replace(policy, path=source)  # the file may have moved since


def store(policy: Policy) -> None:
    """Keep ``policy`` for the next start; a cache that cannot be written only costs time."""
    entry = _entry(policy.path, policy.sha256)
    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
        data = pickle.dumps(policy, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write_bytes(entry, data, create_folder=True)
        with contextlib.suppress(OSError):
            entry.chmod(0o600)
