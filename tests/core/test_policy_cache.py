"""The compiled-policy cache (issue 21): a start reads each policy from it, for exactly the bytes
of the file, and a cache entry that is stale, damaged or foreign is never used."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

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


def test_a_pickled_policy_keeps_its_slots_and_starts_with_empty_memos() -> None:
    """Compiled classes are slotted (faster rules) and pickle through __init__ (a faster cache);
    their memos are not written into the cache."""
    policy = load_policy(POLICIES / "2026" / "paramedische-zorg.toml")
    example = load_examples(policy)[0]
    evaluate(policy, example.assessment)  # fills the memos
    rules = policy.care_types[example.assessment.care_type]
    assert any(criterion.memo for criterion in rules.criteria)
    again = pickle.loads(pickle.dumps(policy))
    rules_again = again.care_types[example.assessment.care_type]
    assert not any(criterion.memo for criterion in rules_again.criteria)
    assert not hasattr(rules_again.criteria[0], "__dict__")  # still slotted
    assert (
        evaluate(again, example.assessment).to_dict()
        == evaluate(policy, example.assessment).to_dict()
    )


def test_a_transient_field_before_a_pickled_one_is_refused() -> None:
    from dataclasses import dataclass, field

    from caresq_desk.core.common.pickling import TRANSIENT, rebuilt_by_init

    with pytest.raises(TypeError, match="must come last"):

        @rebuilt_by_init
        @dataclass(frozen=True, slots=True)
        class Wrong:
            memo: dict[str, int] = field(default_factory=dict, metadata=TRANSIENT)
            value: int = 0
