"""Benchmark: an assessment seen for the first time (memo off), this checkout against the code
issue 21 was filed against, in the same run.

Issue 21 measured 241 µs for a first sight and asked for at most 100 µs: 2.41 times faster. It
does not name its commit; it was filed with issues 19 to 27 while main stood at bdaa55a
(2026-11-30). Timed here, bdaa55a takes 2.1-2.2 times 241 µs on a day whose empty loop of 10^7
steps takes 0.23 s, and that loop took 0.10-0.11 s on 2026-11-30: the filing day's machine was
that much faster. This machine's speed varies by a factor two between days, so a figure in µs
from one day is not comparable with one from another; the two codes timed in the same run are.

Each round times both codes in fresh processes, alternating, each with its own policy file and
its own ``generate`` (the same seed and answers in both), as ``bench_engine.py`` times its first
sight: 1,000 assessments, memo off, every criterion decided; then 1,000 more with every
criterion's text read, as a form shows them. bdaa55a made every text while evaluating; since
issue 21 a text is made when first read, which a batch list or a werkmap seldom does.

    .venv/bin/python benchmarks/bench_first_sight.py [--against bdaa55a] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILED_AGAINST = "bdaa55a"  # main when issue 21 was filed
FILED_FIGURE_US = 241.0  # the issue's "now"
GOAL_US = 100.0


def checkout(revision: str, into: Path) -> Path:
    """The code, the benchmarks and the policies of ``revision``, unpacked into ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision,
         "caresq_desk", "benchmarks", "policies"],
        capture_output=True, check=False,
    )  # fmt: skip
    if archive.returncode != 0:
        message = archive.stderr.decode(errors="replace").strip()
        sys.exit(f"bench_first_sight: cannot read {revision} from git ({message})")
    with tempfile.TemporaryFile() as raw:
        raw.write(archive.stdout)
        raw.seek(0)
        with tarfile.open(fileobj=raw) as tar:
            tar.extractall(into, filter="data")
    return into


def measure(root: Path) -> None:
    """In a fresh process: the first sight of the code under ``root`` in µs, decided, and with
    every criterion's text read (bdaa55a made every text at once; this code when first read)."""
    sys.path[:0] = [str(root), str(root / "benchmarks")]
    # Imported here, after the path is set: the code under root, not this checkout's.
    import bench_engine

    import caresq_desk

    if not Path(caresq_desk.__file__).resolve().is_relative_to(root.resolve()):
        sys.exit(f"bench_first_sight: imported {caresq_desk.__file__}, not the code in {root}")
    try:  # the layout since issue 19
        from caresq_desk.core.policy.loader import load_policy
        from caresq_desk.core.rules import engine, memo
    except ImportError:  # the layout before it (bdaa55a)
        from caresq_desk.core.policy_loader import load_policy

        from caresq_desk.core import engine

        memo = engine
    policy = load_policy(root / "policies" / "2026" / "paramedische-zorg.toml")
    assessments = bench_engine.generate(policy, 2000)
    memo.MEMOIZE = False
    start = time.perf_counter()
    for assessment in assessments[:1000]:
        engine.evaluate(policy, assessment)
    decided = (time.perf_counter() - start) / 1000 * 1e6
    start = time.perf_counter()
    for assessment in assessments[1000:]:
        for criterion in engine.evaluate(policy, assessment).criteria:
            criterion.reason  # noqa: B018 (makes the criterion's texts where they wait)
    read = (time.perf_counter() - start) / 1000 * 1e6
    print(decided, read)


def timed_in_process(root: Path, env: dict[str, str]) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(root)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"bench_first_sight: measuring {root} failed:\n{done.stderr}")
    decided, read = done.stdout.strip().splitlines()[-1].split()
    return float(decided), float(read)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", default=FILED_AGAINST, help="the earlier commit")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        measure(args.measure)
        return
    with tempfile.TemporaryDirectory(prefix="caresq-first-sight-") as folder:
        earlier = checkout(args.against, Path(folder) / "earlier")
        env = dict(os.environ)
        env["CARESQ_DESK_HOME"] = str(Path(folder) / "home")  # no user cache read or written
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        now: list[tuple[float, float]] = []
        then: list[tuple[float, float]] = []
        for _ in range(args.rounds):
            then.append(timed_in_process(earlier, env))
            now.append(timed_in_process(ROOT, env))
    print(f"rounds: {args.rounds}, alternating fresh processes (median, and the ratio per round)")
    print(f"{'first sight, memo off':28} {'this checkout':>14} {args.against:>10}   faster")
    speedups = []
    for index, what in enumerate(("every criterion decided", "and every text read")):
        current = statistics.median(times[index] for times in now)
        before = statistics.median(times[index] for times in then)
        ratios = sorted(b[index] / c[index] for b, c in zip(then, now, strict=True))
        speedups.append(before / current)
        print(
            f"{what:28} {current:11.1f} µs {before:7.1f} µs   {before / current:.2f}x "
            f"({ratios[0]:.2f}-{ratios[-1]:.2f}x)"
        )
    if args.against == FILED_AGAINST:
        # The issue's figure divided by the same-run ratio: this code on the filing day's machine.
        decided, read = (FILED_FIGURE_US / speedup for speedup in speedups)
        print(
            f"issue 21 asks {FILED_FIGURE_US / GOAL_US:.2f}x ({FILED_FIGURE_US:.0f} -> "
            f"{GOAL_US:.0f} µs); at the filing day's speed this checkout takes {decided:.0f} µs "
            f"decided, {read:.0f} µs with every text read"
        )


if __name__ == "__main__":
    main()
