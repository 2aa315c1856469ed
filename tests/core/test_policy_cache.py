"""The compiled-policy cache (issue 21): a start reads each policy from it, for exactly the bytes
of the file, and a cache entry that is stale, damaged or foreign is never used."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from caresq_desk.core.document.examples import load_examples
from caresq_desk.core.policy import cache
from caresq_desk.core.policy.loader import load_policy, policy_files
from caresq_desk.core.rules.engine import evaluate
from tests.conftest import POLICIES


def entries() -> list[Path]:
    return sorted((cache.paths.cache_dir() / cache.FOLDER).glob("*.pickle"))


def test_a_cached_policy_gives_every_example_the_same_result(tmp_path: Path) -> None:
    for path in policy_files(POLICIES):
        fresh = load_policy(path)  # compiles and stores
        cached = load_policy(path)
        assert cached is not fresh and cached.sha256 == fresh.sha256
        for example in load_examples(fresh):
            assert (
                evaluate(cached, example.assessment).to_dict()
                == evaluate(fresh, example.assessment).to_dict()
            ), (path.name, example.id)
    assert len(entries()) == len(policy_files(POLICIES))


def test_a_changed_file_is_compiled_again_and_a_moved_one_keeps_its_path(tmp_path: Path) -> None:
    source = POLICIES / "2025" / "ziekenvervoer.toml"
    copy = tmp_path / "ziekenvervoer.toml"
    shutil.copy(source, copy)
    first = load_policy(copy)
    copy.write_text(copy.read_text(encoding="utf-8").replace("ziekenvervoer", "ziekenvervoer", 1)
                    + "\n# een correctie\n", encoding="utf-8")  # fmt: skip
    second = load_policy(copy)
    assert second.sha256 != first.sha256
    moved = tmp_path / "elders.toml"
    shutil.copy(copy, moved)
    assert load_policy(moved).path == moved


def test_a_damaged_or_foreign_entry_is_ignored_and_written_again(tmp_path: Path) -> None:
    source = POLICIES / "2025" / "ziekenvervoer.toml"
    policy = load_policy(source)
    [entry] = [e for e in entries() if e.name.startswith("ziekenvervoer")]
    for damage in (b"", b"not a pickle", pickle.dumps({"a": 1}), entry.read_bytes()[:100]):
        entry.write_bytes(damage)
        again = load_policy(source)
        assert again.sha256 == policy.sha256 and again.care_types.keys() == policy.care_types.keys()
        assert entry.read_bytes() != damage  # replaced by a good one
    # An entry of another file's bytes under this name is not taken for it.
    other = load_policy(POLICIES / "2026" / "farmacie.toml")
    entry.write_bytes(pickle.dumps(other))
    assert load_policy(source).id == policy.id
