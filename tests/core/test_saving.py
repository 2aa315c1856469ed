"""Saving on real folders: kills during a save, two writers, modes, symlinks, missing folders,
leftover temporaries, read-only files and lock markers."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from caresq_desk.core.common import atomic
from caresq_desk.core.common.atomic import atomic_write_bytes, remove_stale_temporaries
from caresq_desk.core.document import sharing
from caresq_desk.core.document.files import (
    ReadOnlyFileError,
    load_assessment,
    open_assessment,
    save_assessment,
)
from caresq_desk.core.document.sharing import (
    FileChangedError,
    FileStamp,
    lock_path,
    read_lock,
    release_lock,
    write_lock,
)
from tests.conftest import fysio, make_assessment

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and signals")


@pytest.fixture
def saved(tmp_path: Path, pz) -> Path:
    path = tmp_path / "praktijk.json"
    save_assessment(path, make_assessment(pz, "fysiotherapie", fysio()))
    return path


# -- kills during a save ------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from caresq_desk.core.common.atomic import atomic_write_bytes
    path = Path(sys.argv[1])
    blobs = [bytes([65 + i]) * 3_000_000 for i in range(2)]
    print("ready", flush=True)
    i = 0
    while True:
        atomic_write_bytes(path, blobs[i % 2])
        i += 1
    """
)


def test_kill_during_save_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    """50 writers killed at random moments: the file is always one complete version."""
    path = tmp_path / "doel.json"
    path.write_bytes(b"A" * 3_000_000)
    versions = {b"A" * 3_000_000, b"B" * 3_000_000}
    chance = random.Random(20261130)
    for _ in range(50):
        with subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
        ) as child:
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
            time.sleep(chance.uniform(0.0, 0.15))  # a random moment inside some save
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert path.read_bytes() in versions
    leftovers = list(tmp_path.glob(".doel.json.*.tmp"))
    print(f"{len(leftovers)} of 50 kills landed before a rename")
    assert len(leftovers) >= 10  # the kills really hit saves in progress
    # A killed save leaves its temporary behind; the next save removes those that are stale.
    for leftover in leftovers:
        os.utime(leftover, (0, 0))
    atomic_write_bytes(path, b"C")
    assert list(tmp_path.glob(".doel.json.*.tmp")) == []


def test_fresh_temporaries_of_a_running_save_are_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    fresh = tmp_path / ".x.json.abc.tmp"
    stale = tmp_path / ".x.json.def.tmp"
    other = tmp_path / ".y.json.ghi.tmp"
    for file in (fresh, stale, other):
        file.write_bytes(b"")
    os.utime(stale, (0, 0))
    os.utime(other, (0, 0))
    assert remove_stale_temporaries(target) == 1
    assert fresh.exists() and other.exists() and not stale.exists()


# -- what a save keeps --------------------------------------------------------------------------


def test_save_keeps_the_file_mode(saved: Path, pz) -> None:
    saved.chmod(0o664)
    save_assessment(saved, make_assessment(pz, "fysiotherapie", fysio(behandelindex=120)))
    assert stat.S_IMODE(saved.stat().st_mode) == 0o664


def test_new_file_gets_the_usual_mode_not_0600(tmp_path: Path, pz) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "nieuw.json"
        save_assessment(path, make_assessment(pz, "fysiotherapie", fysio()))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_save_through_a_symlink_writes_its_target(tmp_path: Path, pz) -> None:
    real = tmp_path / "echt" / "praktijk.json"
    real.parent.mkdir()
    save_assessment(real, make_assessment(pz, "fysiotherapie", fysio()))
    link = tmp_path / "snelkoppeling.json"
    link.symlink_to(real)
    save_assessment(link, make_assessment(pz, "fysiotherapie", fysio(behandelindex=99)))
    assert link.is_symlink()
    assert load_assessment(real)[0].answers["behandelindex"] == 99


def test_save_does_not_recreate_a_folder_that_disappeared(tmp_path: Path, pz) -> None:
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    path = folder / "praktijk.json"
    save_assessment(path, make_assessment(pz, "fysiotherapie", fysio()))
    path.unlink()
    folder.rmdir()
    with pytest.raises(FileNotFoundError):
        save_assessment(path, make_assessment(pz, "fysiotherapie", fysio()))
    assert not folder.exists()
    save_assessment(path, make_assessment(pz, "fysiotherapie", fysio()), create_folder=True)
    assert path.exists()


def test_read_only_file_needs_consent(saved: Path, pz) -> None:
    saved.chmod(0o444)
    before = saved.read_bytes()
    changed = make_assessment(pz, "fysiotherapie", fysio(behandelindex=77))
    with pytest.raises(ReadOnlyFileError):
        save_assessment(saved, changed)
    assert saved.read_bytes() == before
    save_assessment(saved, changed, overwrite_read_only=True)
    assert load_assessment(saved)[0].answers["behandelindex"] == 77
    assert stat.S_IMODE(saved.stat().st_mode) == 0o444


def test_folder_is_synced_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(atomic, "_sync_folder", synced.append)
    atomic_write_bytes(tmp_path / "x.json", b"{}")
    assert synced == [tmp_path]


def test_windows_sharing_violation_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic.sys, "platform", "win32")
    monkeypatch.setattr(atomic.time, "sleep", lambda _seconds: None)
    real_replace = Path.replace
    attempts = []

    def flaky(self: Path, target: Path) -> Path:
        attempts.append(target)
        if len(attempts) < 3:
            raise PermissionError(13, "in gebruik")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", flaky)
    atomic_write_bytes(tmp_path / "x.json", b"{}")
    assert len(attempts) == 3
    assert (tmp_path / "x.json").read_bytes() == b"{}"


# -- two writers --------------------------------------------------------------------------------


def test_second_writer_is_refused_and_nothing_is_lost(saved: Path, pz) -> None:
    _, _, first = open_assessment(saved)
    _, _, second = open_assessment(saved)
    mine = make_assessment(pz, "fysiotherapie", fysio(behandelindex=101))
    theirs = make_assessment(pz, "fysiotherapie", fysio(behandelindex=202))
    save_assessment(saved, mine, expected=first)
    with pytest.raises(FileChangedError, match="door een ander gewijzigd"):
        save_assessment(saved, theirs, expected=second)
    assert load_assessment(saved)[0].answers["behandelindex"] == 101


def test_removed_file_is_a_conflict_too(saved: Path, pz) -> None:
    _, _, stamp = open_assessment(saved)
    saved.unlink()
    with pytest.raises(FileChangedError, match="verwijderd of verplaatst"):
        save_assessment(saved, make_assessment(pz, "fysiotherapie", fysio()), expected=stamp)


def test_a_touched_but_unchanged_file_is_no_conflict(saved: Path, pz) -> None:
    _, _, stamp = open_assessment(saved)
    os.utime(saved, (1, 1))
    save_assessment(saved, make_assessment(pz, "fysiotherapie", fysio()), expected=stamp)


def test_stamp_after_save_matches_the_disk(saved: Path, pz) -> None:
    stamp = save_assessment(saved, make_assessment(pz, "fysiotherapie", fysio()))
    assert stamp == FileStamp.of(saved)


# -- lock markers -------------------------------------------------------------------------------


def test_lock_marker_tells_others_who_has_the_file(saved: Path) -> None:
    assert write_lock(saved)
    marker = lock_path(saved)
    assert marker.name == ".~lock.praktijk.json#"
    assert read_lock(saved) is None  # our own marker
    info = json.loads(marker.read_text(encoding="utf-8"))
    info["host"] = "laptop-collega"
    marker.write_text(json.dumps(info), encoding="utf-8")
    other = read_lock(saved)
    assert other is not None and "laptop-collega" in other.describe()
    release_lock(saved)
    assert marker.exists()  # someone else's marker is never removed


def test_stale_lock_of_an_ended_process_is_ignored(saved: Path) -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    write_lock(saved)
    info = json.loads(lock_path(saved).read_text(encoding="utf-8"))
    info["pid"] = int(ended.stdout)
    lock_path(saved).write_text(json.dumps(info), encoding="utf-8")
    assert read_lock(saved) is None


@pytest.mark.parametrize("content", ["", "{", "[]", '{"user": 1}', "x" * 10_000])
def test_unreadable_lock_markers_are_ignored(saved: Path, content: str) -> None:
    lock_path(saved).write_text(content, encoding="utf-8")
    assert read_lock(saved) is None


def test_own_marker_is_released(saved: Path) -> None:
    write_lock(saved)
    release_lock(saved)
    assert not lock_path(saved).exists()
    assert sharing.read_lock(saved) is None
