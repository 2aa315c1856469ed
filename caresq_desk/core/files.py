"""Assessment files: reading with a clear error for every way a file can be wrong, and
atomic saving so an interrupted save never damages the previous file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from caresq_desk.core.assessment import FORMAT, SCHEMA_VERSION, Assessment
from caresq_desk.core.atomic import atomic_write_text
from caresq_desk.core.result import Result

MAX_ASSESSMENT_BYTES = 5_000_000

Problem = Literal[
    "niet_gevonden", "te_groot", "beschadigd", "geen_beoordeling", "nieuwere_versie", "ongeldig"
]

# schema_version N -> function that turns a version-N document into version N+1. Version 1 is the
# first released format, so the chain is empty for now; the mechanism is tested with a fake step.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
MIN_SCHEMA_VERSION = 1


class AssessmentFileError(ValueError):
    """A file that cannot be opened as an assessment; ``problem`` says which case it is."""

    def __init__(self, path: Path, problem: Problem, detail: str) -> None:
        self.path = path
        self.problem = problem
        self.detail = detail
        super().__init__(f"{path}: {detail}")


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


EXPECTED_KINDS = {
    "int": "een geheel getal",
    "float": "een getal",
    "decimal": "een getal",
    "string": "tekst",
    "bool": "true of false",
    "date": "een datum (jjjj-mm-dd)",
    "datetime": "een datum en tijd",
    "dict": "een object",
    "model": "een object",
    "list": "een lijst",
    "literal": "een van de toegestane waarden",
    "enum": "een van de toegestane waarden",
}


def describe_validation_error(error: ValidationError) -> str:
    first = error.errors()[0]
    name = _field_path(first["loc"])
    message = first["msg"]
    if first["type"] == "value_error":
        message = str(first.get("ctx", {}).get("error", message))
    elif first["type"] == "extra_forbidden":
        message = "onbekend veld"
    elif first["type"] == "missing":
        message = "verplicht veld ontbreekt"
    else:  # pydantic's own messages are English: name the expected kind in Dutch
        kind = first["type"].split("_")[0]
        expected = EXPECTED_KINDS.get(kind)
        shown = repr(first.get("input"))[:60]
        message = f"verwacht {expected}, kreeg {shown}" if expected else f"ongeldige waarde {shown}"
    return f"veld '{name}': {message}"


def parse_assessment(data: bytes, path: Path) -> tuple[Assessment, list[str]]:
    """The assessment in ``data`` and notes about what was done to read it (migrations)."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise AssessmentFileError(
            path, "beschadigd", "het bestand is beschadigd of geen JSON (geen UTF-8-tekst)"
        ) from None
    except json.JSONDecodeError as error:
        where = f"regel {error.lineno}, kolom {error.colno}"
        raise AssessmentFileError(
            path, "beschadigd", f"het bestand is beschadigd of geen JSON (fout op {where})"
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise AssessmentFileError(
            path,
            "geen_beoordeling",
            f'dit is geen beoordelingsbestand van caresq-desk (verwacht "format": "{FORMAT}")',
        )
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < MIN_SCHEMA_VERSION:
        raise AssessmentFileError(
            path, "ongeldig", "veld 'schema_version' ontbreekt of is ongeldig"
        )
    if version > SCHEMA_VERSION:
        raise AssessmentFileError(
            path,
            "nieuwere_versie",
            f"gemaakt met een nieuwere versie van caresq-desk (bestandsversie {version}, deze "
            f"versie leest tot en met {SCHEMA_VERSION}); werk caresq-desk bij om het te openen",
        )
    notes = []
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise AssessmentFileError(
                path, "ongeldig", f"bestandsversie {version} kan niet worden bijgewerkt"
            )
        raw = MIGRATIONS[version](raw)
        version += 1
        raw["schema_version"] = version
        notes.append(f"Bijgewerkt van bestandsversie {version - 1} naar {version}.")
    try:
        return Assessment.model_validate(raw), notes
    except ValidationError as error:
        raise AssessmentFileError(path, "ongeldig", describe_validation_error(error)) from None


def load_assessment(path: Path) -> tuple[Assessment, list[str]]:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise AssessmentFileError(path, "niet_gevonden", "bestand niet gevonden") from None
    except OSError as error:
        raise AssessmentFileError(path, "niet_gevonden", f"kan niet lezen ({error})") from None
    if size > MAX_ASSESSMENT_BYTES:
        raise AssessmentFileError(
            path, "te_groot", f"het bestand is te groot voor een beoordeling ({size} bytes)"
        )
    return parse_assessment(path.read_bytes(), path)


def assessment_json(assessment: Assessment, result: Result | None = None) -> str:
    data = assessment.model_dump(mode="json")
    data["result"] = result.to_dict() if result is not None else None
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def save_assessment(path: Path, assessment: Assessment, result: Result | None = None) -> None:
    atomic_write_text(path, assessment_json(assessment, result))
