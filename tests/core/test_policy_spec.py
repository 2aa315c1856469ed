"""A compiled policy holds plain records (core/policy/spec.py), not the schema's pydantic models:
a start with every policy cached must not import pydantic (issue 21, benchmarks/bench_startup.py).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from caresq_desk.core.policy import schema, spec
from caresq_desk.core.policy.loader import load_policy, policy_files
from tests.conftest import POLICIES, ROOT

MODELS = [
    model
    for model in vars(schema).values()
    if isinstance(model, type) and issubclass(model, schema.Strict) and model is not schema.Strict
]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_each_schema_model_has_a_record_with_exactly_its_fields(model: type[BaseModel]) -> None:
    record = spec.RECORDS[model.__name__]
    assert record.fields == tuple(model.model_fields)


def test_every_record_has_its_schema_model() -> None:
    assert sorted(spec.RECORDS) == sorted(model.__name__ for model in MODELS)


def _walk(value: Any, seen: set[int]) -> list[str]:
    """The type names of every pydantic model reachable from ``value``."""
    if id(value) in seen or isinstance(value, str | int | float | bool | type(None)):
        return []
    seen.add(id(value))
    found = [type(value).__name__] if isinstance(value, BaseModel) else []
    if isinstance(value, dict):
        children: Any = list(value.keys()) + list(value.values())
    elif isinstance(value, list | tuple | set | frozenset):
        children = value
    elif hasattr(value, "__dict__"):
        children = vars(value).values()
    else:
        children = ()
    for child in children:
        found += _walk(child, seen)
    return found


@pytest.mark.parametrize("path", policy_files(POLICIES), ids=lambda path: path.stem)
def test_a_compiled_policy_holds_no_pydantic_model(path: Path) -> None:
    policy = load_policy(path, use_cache=False)
    assert _walk(policy, set()) == []
    assert policy.file.questions and isinstance(policy.file.questions[0], spec.Question)
    assert pickle.loads(pickle.dumps(policy)).file == policy.file


def test_a_start_with_every_policy_cached_imports_neither_pydantic_nor_the_schema(
    tmp_path: Path,
) -> None:
    script = textwrap.dedent(
        """
        import sys
        from caresq_desk.core.policy.registry import Registry
        registry, errors = Registry.load_available()
        assert not errors and registry.policies, errors
        print(sorted(m for m in sys.modules if m.startswith("pydantic")
                     or m == "caresq_desk.core.policy.schema"))
        """
    )
    env = dict(os.environ, CARESQ_DESK_HOME=str(tmp_path / "home"))
    run = [sys.executable, "-c", script]
    first = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "caresq_desk.core.policy.schema" in first.stdout  # nothing cached: compiled
    second = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert second.stdout.strip() == "[]", second.stdout + second.stderr


def test_a_record_cannot_be_changed_and_needs_every_field() -> None:
    section = spec.Section(id="a", label="A")
    with pytest.raises(AttributeError):
        section.label = "B"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del section.label
    assert section == spec.Section(id="a", label="A") != spec.Section(id="a", label="B")
    assert repr(section) == "Section(id='a', label='A')"
    assert hash(section) == hash(spec.Section(id="a", label="A"))  # as a frozen model
    with pytest.raises(TypeError):
        hash(spec.TierLevel(id="a", label="A", factors=[1]))  # a list is not hashable
    with pytest.raises(TypeError, match="ontbreekt \\['label'\\]"):
        spec.Section(id="a")
    with pytest.raises(TypeError, match="onbekend \\['extra'\\]"):
        spec.Section(id="a", label="A", extra=1)


def test_a_criterion_fails_as_its_kind_does_unless_it_says_otherwise(pz: Any) -> None:
    effects = {
        (criterion.spec.kind, criterion.spec.on_fail, criterion.spec.failure_effect)
        for rules in pz.care_types.values()
        for criterion in rules.criteria
    }
    assert ("eis", None, "blokkeert") in effects
    assert ("verwachting", None, "advies") in effects
    assert ("info", None, None) in effects
    assert all(effect == on_fail for _, on_fail, effect in effects if on_fail is not None)
