"""Loading a policy file: TOML, schema validation, cross-reference checks and compilation.

A policy that loads is one the engine can run without surprises: every condition names a known
question, every question is read by a rule, every tier table maps each possible factor count to
exactly one tier, every care type has a route for every case. A policy that does not load fails
with a ``PolicyError`` naming the file, the part and the problem.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caresq_desk.core.common.oserrors import describe_os_error
from caresq_desk.core.common.validation import dutch_message
from caresq_desk.core.policy import cache
from caresq_desk.core.policy.compiled import (
    CareTypeRules,
    CompiledCriterion,
    CompiledQuestion,
    CompiledRoute,
    Policy,
    PolicyError,
)

if TYPE_CHECKING:
    from pydantic import ValidationError

# The compiled types live in ``compiled``; they are named here too, where most code meets them.
__all__ = [
    "CareTypeRules",
    "CompiledCriterion",
    "CompiledQuestion",
    "CompiledRoute",
    "Policy",
    "PolicyError",
    "load_policy",
    "policy_files",
    "read_toml",
]

MAX_POLICY_BYTES = 2_000_000


def read_toml(path: Path, data: bytes) -> dict[str, Any]:
    """The TOML document in ``data``, or a PolicyError that names the file and the problem."""
    import tomllib  # here: a start with every policy cached reads no TOML

    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise PolicyError(path, "", "bestand is geen UTF-8-tekst") from None
    except tomllib.TOMLDecodeError as error:
        # tomllib's messages are English: keep only the position, which is what helps.
        where = re.search(r"line (\d+), column (\d+)", str(error))
        position = f" (fout op regel {where[1]}, kolom {where[2]})" if where else ""
        raise PolicyError(path, "", f"geen geldige TOML{position}") from None
    except RecursionError:
        raise PolicyError(path, "", "geen geldige TOML: te diep geneste gegevens") from None


def load_policy(path: Path, use_cache: bool = True) -> Policy:
    """Read, validate and compile one policy file (or take it compiled from the cache, for
    exactly these bytes: core/policy/cache.py)."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PolicyError(
            path, "", f"kan het bestand niet lezen: {describe_os_error(error)}"
        ) from None
    if size > MAX_POLICY_BYTES:
        raise PolicyError(path, "", f"bestand is te groot ({size} bytes) voor een beleidsbestand")
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    cached = cache.load(path, sha256) if use_cache else None
    if cached is not None:
        return cached
    # Only when not cached: a cached policy needs neither pydantic nor the schema.
    from pydantic import ValidationError

    from caresq_desk.core.policy.compiler import PolicyCompiler
    from caresq_desk.core.policy.schema import PolicyFile, to_spec

    raw = read_toml(path, data)
    try:
        parsed = PolicyFile.model_validate(raw)
    except ValidationError as error:
        where, problem = _describe_validation_error(error, raw)
        raise PolicyError(path, where, problem) from None
    policy = PolicyCompiler(path, to_spec(parsed), sha256).compile()
    if use_cache:
        cache.store(policy)
    return policy


def _describe_validation_error(error: ValidationError, raw: dict[str, Any]) -> tuple[str, str]:
    first = error.errors()[0]
    loc = list(first["loc"])
    where = _describe_location(loc, raw)
    kind = first["type"]
    name = loc[-1] if loc else ""
    if kind == "missing":
        problem = f"veld '{name}' ontbreekt"
    elif kind == "extra_forbidden":
        problem = f"onbekend veld '{name}'"
    elif kind == "value_error":
        problem = dutch_message(first)
    else:
        problem = f"'{name}': {dutch_message(first)}"
    more = len(error.errors()) - 1
    if more:
        problem += f" (en nog {more} andere fout(en))"
    return where, problem


def _describe_location(loc: list[Any], raw: dict[str, Any]) -> str:
    """('criteria', 3, 'source') -> 'criteria[3] (PZ-R1)' using the id found in the file."""
    parts: list[str] = []
    node: Any = raw
    for key in loc:
        if isinstance(key, int) and isinstance(node, list):
            label = f"{parts.pop() if parts else ''}[{key}]"
            node = node[key] if key < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                label += f" ({node['id']})"
            parts.append(label)
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts[:-1]) if len(parts) > 1 else (parts[0] if parts else "")


def policy_files(directory: Path) -> list[Path]:
    """The policy files below a directory (examples files excluded), in a stable order."""
    return sorted(p for p in directory.rglob("*.toml") if not p.name.endswith(".examples.toml"))
