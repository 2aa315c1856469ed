"""Assessment files: reading with a clear error for every way a file can be wrong, and
atomic saving so an interrupted save never damages the previous file.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from caresq_desk.core.common.atomic import atomic_write_bytes, is_read_only, resolve_target
from caresq_desk.core.common.bounded import (
    FileTooLargeError,
    NotRegularFileError,
    read_regular_file,
)
from caresq_desk.core.common.limits import shorten
from caresq_desk.core.common.oserrors import describe_os_error
from caresq_desk.core.common.validation import dutch_message
from caresq_desk.core.document.chain import seal
from caresq_desk.core.document.history import migrate_v1
from caresq_desk.core.document.sharing import FileStamp, check_unchanged
from caresq_desk.core.model.assessment import FORMAT, SCHEMA_VERSION, Assessment
from caresq_desk.core.model.result import Result

# Far above a real assessment (a few kB, plus its history); a bound against hostile files. A save
# never writes more, so the application can always open what it saved.
MAX_ASSESSMENT_BYTES = 20_000_000

Problem = Literal[
    "niet_gevonden",
    "geen_bestand",
    "te_groot",
    "beschadigd",
    "geen_beoordeling",
    "nieuwere_versie",
    "ongeldig",
]

# schema_version N -> function that turns a version-N document into version N+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: migrate_v1,
    2: lambda raw: raw,  # the chain starts at the first save (history.record)
}
MIN_SCHEMA_VERSION = 1


class AssessmentFileError(ValueError):
    """A file that cannot be opened as an assessment; ``problem`` says which case it is."""

    def __init__(self, path: Path, problem: Problem, detail: str) -> None:
        self.path = path
        self.problem = problem
        self.detail = shorten(detail)
        super().__init__(f"{path}: {self.detail}")


class DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON allows a key twice and keeps the last; a file that says two things is refused."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


def decode_json_document(data: bytes, path: Path) -> Any:
    """Strict JSON: UTF-8 (a byte order mark is accepted), no duplicate keys, no NaN."""

    def damaged(why: str) -> AssessmentFileError:
        return AssessmentFileError(
            path, "beschadigd", f"het bestand is beschadigd of geen JSON ({why})"
        )

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise damaged("geen UTF-8-tekst") from None
    try:
        return json.loads(
            text, object_pairs_hook=_refuse_duplicate_keys, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as error:
        raise damaged(f"fout op regel {error.lineno}, kolom {error.colno}") from None
    except DuplicateKeyError as error:
        raise AssessmentFileError(
            path, "ongeldig", f"het veld '{shorten(error.key, 80)}' staat er twee keer in"
        ) from None
    except RecursionError:
        raise damaged("te diep geneste gegevens") from None
    except ValueError:  # integers beyond Python's digit limit, NaN and Infinity
        raise damaged("een getal dat te groot of geen getal is") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def describe_validation_error(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"veld '{_field_path(first['loc'])}': {dutch_message(first)}"


def parse_assessment(data: bytes, path: Path) -> tuple[Assessment, list[str]]:
    """The assessment in ``data`` and notes about what was done to read it (migrations)."""
    raw = decode_json_document(data, path)
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
    if version < SCHEMA_VERSION:
        notes.append(
            f"Dit bestand heeft bestandsversie {version} van een eerdere Caresq Desk. Bij "
            f"opslaan wordt het bestandsversie {SCHEMA_VERSION} (met een beveiligde "
            "geschiedenis); oudere versies van Caresq Desk openen het dan niet meer."
        )
    read_version = version
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise AssessmentFileError(
                path, "ongeldig", f"bestandsversie {version} kan niet worden bijgewerkt"
            )
        raw = MIGRATIONS[version](raw)
        version += 1
        raw["schema_version"] = version
    if "assessment_date" not in raw:  # never silently "today": the date decides deadlines
        raise AssessmentFileError(
            path, "ongeldig", "veld 'assessment_date': de beoordelingsdatum ontbreekt (jjjj-mm-dd)"
        )
    try:
        assessment = Assessment.model_validate(raw)
    except ValidationError as error:
        raise AssessmentFileError(path, "ongeldig", describe_validation_error(error)) from None
    except UnicodeEncodeError as error:  # "\ud800" in the JSON: half of a character pair
        character = error.object[error.start : error.end].encode("unicode_escape").decode()
        raise AssessmentFileError(
            path,
            "ongeldig",
            f"het bestand bevat een ongeldig teken ({character}, een half tekenpaar); "
            "verwijder het of sla het bestand opnieuw op in UTF-8",
        ) from None
    assessment._read_version = read_version
    return assessment, notes


def load_assessment(path: Path) -> tuple[Assessment, list[str]]:
    return parse_assessment(read_assessment_bytes(path), path)


def read_assessment_bytes(path: Path) -> bytes:
    """The file's bytes, or an AssessmentFileError that says in Dutch why they cannot be read.

    Only a regular file is read, never a folder, named pipe or device (opening a pipe would wait
    for a writer, a device may never end), and never more than the limit, whatever the file's
    size claims to be: a shared folder may hold anything."""
    try:
        return read_regular_file(path, MAX_ASSESSMENT_BYTES)
    except FileNotFoundError:
        raise AssessmentFileError(path, "niet_gevonden", "bestand niet gevonden") from None
    except NotRegularFileError as error:
        raise AssessmentFileError(path, "geen_bestand", str(error)) from None
    except FileTooLargeError:
        raise AssessmentFileError(
            path,
            "te_groot",
            f"het bestand is te groot voor een beoordeling (meer dan {MAX_ASSESSMENT_BYTES} bytes)",
        ) from None
    except OSError as error:
        raise AssessmentFileError(
            path, "niet_gevonden", f"kan niet lezen: {describe_os_error(error)}"
        ) from None


def assessment_json(assessment: Assessment, result: Result | None = None) -> str:
    data = assessment.model_dump(mode="json")
    data["result"] = result.to_dict() if result is not None else None
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class ReadOnlyFileError(PermissionError):
    """The file is marked read-only; overwriting it needs the user's explicit consent."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: het bestand is alleen-lezen")
        self.path = path


def save_assessment(
    path: Path,
    assessment: Assessment,
    result: Result | None = None,
    *,
    expected: FileStamp | None = None,
    overwrite_read_only: bool = False,
    create_folder: bool = False,
) -> FileStamp:
    """Save atomically and return the new file's stamp.

    ``expected`` is the stamp of the file as it was opened: if the file changed since, nothing
    is written and FileChangedError says so. A read-only file is only replaced with
    ``overwrite_read_only``; only "save as" passes ``create_folder``.
    """
    folder = resolve_target(path).parent
    if not create_folder and not folder.is_dir():  # moved or unmounted since it was opened
        raise FileNotFoundError(errno.ENOENT, "de map bestaat niet (meer)", str(folder))
    check_unchanged(path, expected)
    if not overwrite_read_only and is_read_only(path):
        raise ReadOnlyFileError(path)
    data = assessment_json(seal(assessment), result).encode("utf-8")
    if len(data) > MAX_ASSESSMENT_BYTES:
        raise OSError(errno.EFBIG, "te groot", str(path))
    atomic_write_bytes(path, data, create_folder=create_folder)
    return FileStamp.of_bytes(path, data)


def open_assessment(path: Path) -> tuple[Assessment, list[str], FileStamp]:
    """Like ``load_assessment``, with the stamp of exactly the bytes that were read."""
    data = read_assessment_bytes(path)
    assessment, notes = parse_assessment(data, path)
    try:
        stamp = FileStamp.of_bytes(path, data)
    except OSError as error:
        raise AssessmentFileError(
            path, "niet_gevonden", f"kan niet lezen: {describe_os_error(error)}"
        ) from None
    return assessment, notes, stamp
