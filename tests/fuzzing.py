"""Fuzzing of everything that reads a file: assessments (reader, answer check, engine, report)
and policies (loader, examples, engine). A clean refusal is a Dutch error of a known type; any
other exception is a crash.

pytest runs a slice (tests/core/test_fuzz.py); the full run for the README:
    .venv/bin/python -m tests.fuzzing --assessments 5000 --policies 1000
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from caresq_desk.core.document.examples import load_examples
from caresq_desk.core.document.files import AssessmentFileError, assessment_json, parse_assessment
from caresq_desk.core.model.assessment import AnswerProblemError, check_answers
from caresq_desk.core.policy.loader import Policy, PolicyError, load_policy, policy_files
from caresq_desk.core.policy.registry import Registry, UnknownPolicyError
from caresq_desk.core.report.text import render_text
from caresq_desk.core.rules.engine import UnknownCareTypeError, evaluate

ROOT = Path(__file__).resolve().parents[1]
CLEAN_ERRORS = (
    AssessmentFileError,
    AnswerProblemError,
    PolicyError,
    UnknownPolicyError,
    UnknownCareTypeError,
)
NASTY_JSON: list[Any] = [
    None, True, False, 0, -1, 1, 10**400, -(10**30), 1e308, -1e308, 2.5e-320, 0.1, "",
    "hoog", "9999-12-31", "0001-01-01", "2026-02-30", "x" * 5000, "\u0000", "\ud800", [], {},
    [None], [[[]]], {"a": {"b": {}}}, ["a", "a"], [{"x": 1}], [{}], [True, 1],
]  # fmt: skip
MAX_MESSAGE = 600


def example_documents(registry: Registry) -> list[dict[str, Any]]:
    documents = []
    for policy in registry:
        for example in load_examples(policy):
            documents.append(
                json.loads(
                    assessment_json(example.assessment, evaluate(policy, example.assessment))
                )
            )
    return documents


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _set(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def mutate_assessment(document: dict[str, Any], chance: random.Random) -> bytes:
    """A damaged copy of an assessment file: structural, type and byte-level mutations."""
    kind = chance.randrange(10)
    if kind <= 4:  # replace values at random places by hostile ones
        mutated = copy.deepcopy(document)
        for _ in range(chance.randint(1, 4)):
            path = chance.choice(_paths(mutated))
            mutated = _set(mutated, path, copy.deepcopy(chance.choice(NASTY_JSON)))
        try:
            return json.dumps(mutated, ensure_ascii=chance.random() < 0.5).encode(
                "utf-8", "surrogatepass"
            )
        except (ValueError, TypeError):
            return b"{}"
    text = json.dumps(document, ensure_ascii=False)
    data = text.encode("utf-8")
    if kind == 5:  # deep nesting in an answer
        return text.replace(
            '"answers": {',
            '"answers": {"diep": ' + _deep(chance.choice([100, 5000, 100_000])) + ", ",
            1,
        ).encode()
    if kind == 6:  # byte flips and truncation
        raw = bytearray(data)
        for _ in range(chance.randint(1, 8)):
            raw[chance.randrange(len(raw))] = chance.randrange(256)
        return bytes(raw[: chance.randint(1, len(raw))]) if chance.random() < 0.3 else bytes(raw)
    if kind == 7:  # a duplicate key or a BOM
        if chance.random() < 0.5:
            return b"\xef\xbb\xbf" + data
        return text.replace('"care_type"', '"care_type": "x", "care_type"', 1).encode()
    if kind == 8:  # giant numbers in the text itself
        return text.replace(": 1", ": " + "9" * chance.choice([20, 400, 5000]), 1).encode()
    return text.replace('"assessment_date": ', '"x_date": ', 1).encode()  # missing date


def run_assessment(data: bytes, registry: Registry) -> str | None:
    """None when the file is handled cleanly; the traceback when it crashes."""
    try:
        assessment, _ = parse_assessment(data, Path("gefuzzd.json"))
        policy = registry.get(assessment.policy.id)
        rules = policy.care_types.get(assessment.care_type)
        if rules is None:
            raise UnknownCareTypeError(policy, assessment.care_type)
        _, problems = check_answers(rules, assessment.answers)
        for problem in problems:
            _check_message(str(problem))
        result = evaluate(policy, assessment)  # the window evaluates with invalid answers too
        render_text(assessment, result)
        json.dumps(result.to_dict(), ensure_ascii=False)
    except CLEAN_ERRORS as error:
        return _check_message(str(error))
    except Exception:
        return traceback.format_exc()
    return None


def _check_message(message: str) -> str | None:
    if len(message) > MAX_MESSAGE:
        return f"te lange foutmelding ({len(message)} tekens): {message[:200]}…"
    return None


NASTY_TOML = [
    "nan", "inf", "-inf", "1e400", "99999999999999999999999", "-1", "0", '""', "[]", "{}",
    '"x"', "true", "[1, 2]", '["a", "a"]', "{ a = 1 }", "[[1]]", '"2026-13-45"', "1979-05-27",
    _deep(2000), '"' + "x" * 3000 + '"',
]  # fmt: skip


def mutate_policy_text(text: str, chance: random.Random) -> bytes:
    lines = text.splitlines()
    kind = chance.randrange(6)
    if kind <= 3:  # replace the value of some "key = value" lines
        candidates = [
            i for i, line in enumerate(lines) if " = " in line and not line.lstrip().startswith("#")
        ]
        for _ in range(chance.randint(1, 3)):
            index = chance.choice(candidates)
            key = lines[index].split(" = ", 1)[0]
            lines[index] = f"{key} = {chance.choice(NASTY_TOML)}"
        return "\n".join(lines).encode()
    if kind == 4:  # delete a few lines
        for _ in range(chance.randint(1, 5)):
            del lines[chance.randrange(len(lines))]
        return "\n".join(lines).encode()
    raw = bytearray(text.encode())
    for _ in range(chance.randint(1, 6)):
        raw[chance.randrange(len(raw))] = chance.randrange(256)
    return bytes(raw)


def run_policy(folder: Path, source: Path, data: bytes, examples: bytes | None) -> str | None:
    """Write a mutated policy (and examples) into ``folder`` and use it as the app would."""
    target = folder / source.name
    target.write_bytes(data)
    examples_file = target.with_name(source.name.replace(".toml", ".examples.toml"))
    if examples is not None:
        examples_file.write_bytes(examples)
    try:
        policy = load_policy(target)
        for example in load_examples(policy):
            result = evaluate(policy, example.assessment)
            render_text(example.assessment, result)
        _evaluate_empty(policy)
    except CLEAN_ERRORS as error:
        return _check_message(str(error))
    except Exception:
        return traceback.format_exc()
    return None


def _evaluate_empty(policy: Policy) -> None:
    from caresq_desk.core.model.assessment import Assessment, PolicyRef

    for care_type in policy.care_types:
        evaluate(policy, Assessment(policy=PolicyRef(id=policy.id), care_type=care_type))


def fuzz(
    count: int, attempt: Callable[[random.Random], str | None], seed: int
) -> tuple[int, list[str]]:
    chance = random.Random(seed)
    crashes = []
    for _ in range(count):
        crash = attempt(chance)
        if crash is not None:
            crashes.append(crash)
    return count, crashes


def fuzz_assessments(count: int, seed: int = 1) -> list[str]:
    registry = Registry.load()
    documents = example_documents(registry)
    return fuzz(
        count, lambda c: run_assessment(mutate_assessment(c.choice(documents), c), registry), seed
    )[1]


def fuzz_policies(count: int, seed: int = 1) -> list[str]:
    sources = policy_files(ROOT / "policies")
    texts = {p: p.read_text(encoding="utf-8") for p in sources}
    example_texts = {
        p: p.with_name(p.name.replace(".toml", ".examples.toml")).read_text(encoding="utf-8")
        for p in sources
    }
    folder = Path(tempfile.mkdtemp(prefix="caresq-fuzz-"))
    try:

        def attempt(chance: random.Random) -> str | None:
            source = chance.choice(sources)
            if chance.random() < 0.75:
                data, examples = (
                    mutate_policy_text(texts[source], chance),
                    example_texts[source].encode(),
                )
            else:
                data, examples = (
                    texts[source].encode(),
                    mutate_policy_text(example_texts[source], chance),
                )
            return run_policy(folder, source, data, examples)

        return fuzz(count, attempt, seed)[1]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="Fuzz the assessment reader and policy loader.")
    parser.add_argument("--assessments", type=int, default=5000)
    parser.add_argument("--policies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    assessment_crashes = fuzz_assessments(args.assessments, args.seed)
    policy_crashes = fuzz_policies(args.policies, args.seed)
    for crash in (assessment_crashes + policy_crashes)[:5]:
        print(crash)
    kinds = Counter(c.strip().splitlines()[-1][:100] for c in assessment_crashes + policy_crashes)
    for kind, number in kinds.most_common(10):
        print(f"{number:5d}  {kind}")
    print(f"assessment files: {args.assessments}, crashes: {len(assessment_crashes)}")
    print(f"policy files: {args.policies}, crashes: {len(policy_crashes)}")
    return 1 if assessment_crashes or policy_crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
