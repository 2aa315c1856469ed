"""Reading many werkmap files on every core: each file is read, parsed and assessed again, which
is CPU work, so a cold werkmap of thousands of files uses worker processes (Python threads would
share one core). Small folders, one core, or a pool that cannot start: read in this process."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path

from caresq_desk.core.document.signing import TeamKeys
from caresq_desk.core.policy.loader import PolicyError, load_policy
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.werkmap.scan import FoundFile, WerkmapRow, read_row

# Below this many files a pool costs more than it gains: starting the workers takes about 0.4 s.
# Measured on 2 cores (benchmarks/bench_werkmap.py): 3,000 files 0.81 s alone, 0.92 s in a pool;
# 5,000 files 1.6 s alone, 1.25 s in a pool.
PARALLEL_FROM = 4000
MAX_WORKERS = 4
CHUNK = 64

_registry: Registry | None = None  # in a worker: the same policies as the window's


class PoliciesChangedError(RuntimeError):
    """A policy file changed between the window loading it and a worker loading it."""


def _start_worker(sources: list[tuple[str, str]]) -> None:
    global _registry
    policies = {}
    for path, sha256 in sources:
        policy = load_policy(Path(path))
        if policy.sha256 != sha256:
            raise PoliciesChangedError(path)
        policies[policy.id] = policy
    _registry = Registry(policies)


def _read_chunk(chunk: list[FoundFile], team: TeamKeys | None) -> list[WerkmapRow]:
    assert _registry is not None
    return [read_row(found.path, _registry, found, team) for found in chunk]


def read_rows(
    files: list[FoundFile],
    registry: Registry,
    progress: Callable[[int], None] | None = None,
    team: TeamKeys | None = None,
) -> list[WerkmapRow]:
    """A row per file, in order; ``progress(done)`` after each chunk."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(files) >= PARALLEL_FROM and workers > 1:
        try:
            return _in_pool(files, registry, workers, progress, team)
        except (OSError, BrokenProcessPool, PoliciesChangedError, PolicyError):
            pass  # the same work in this process: slower, never different
    rows = []
    for number, found in enumerate(files, start=1):
        rows.append(read_row(found.path, registry, found, team))
        if progress is not None and number % CHUNK == 0:
            progress(number)
    return rows


def _in_pool(
    files: list[FoundFile],
    registry: Registry,
    workers: int,
    progress: Callable[[int], None] | None,
    team: TeamKeys | None,
) -> list[WerkmapRow]:
    sources = [(str(policy.path), policy.sha256) for policy in registry]
    chunks = [files[start : start + CHUNK] for start in range(0, len(files), CHUNK)]
    rows: list[WerkmapRow] = []
    # "spawn" everywhere: forking a process that runs Qt threads is not safe.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(sources,)
    ) as pool:
        for chunk_rows in pool.map(partial(_read_chunk, team=team), chunks):
            rows.extend(chunk_rows)
            if progress is not None:
                progress(len(rows))
    return rows
