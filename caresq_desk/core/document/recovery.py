"""Autosave and crash recovery: unsaved work is written to the app's data folder every few
seconds, removed on a clean save or close, and offered back on the next start.

Every autosave left behind is offered on its own: one that cannot be read or whose policy is
gone does not block the others, and the user may discard it instead of seeing it at every start.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from caresq_desk.core.common import paths
from caresq_desk.core.common.atomic import atomic_write_text
from caresq_desk.core.document.files import (
    AssessmentFileError,
    decode_json_document,
    parse_assessment,
    read_assessment_bytes,
)
from caresq_desk.core.document.sharing import FileStamp
from caresq_desk.core.model.assessment import Assessment
from caresq_desk.core.policy.registry import Registry

RECOVERY_FORMAT = "caresq-desk/herstel"


@dataclass(frozen=True)
class Recovered:
    """One autosave; ``problem`` says why it cannot be restored ('' when it can)."""

    file: Path
    assessment: Assessment | None
    original_path: Path | None
    original_stamp: FileStamp | None
    problem: str = ""


def recovery_dir() -> Path:
    return paths.recovery_dir()


class Autosave:
    """One autosave file per open document."""

    def __init__(self) -> None:
        self.path = recovery_dir() / f"{uuid.uuid4().hex}.json"

    def write(
        self,
        assessment: Assessment,
        original_path: Path | None,
        original_stamp: FileStamp | None = None,
    ) -> None:
        document = {
            "format": RECOVERY_FORMAT,
            "original_path": str(original_path) if original_path else None,
            # So a restored document still notices when the original changed in the meantime.
            "original_stamp": asdict(original_stamp) if original_stamp else None,
            "assessment": assessment.model_dump(mode="json"),
        }
        atomic_write_text(
            self.path, json.dumps(document, ensure_ascii=False, indent=1), create_folder=True
        )

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def _stamp(raw: Any) -> FileStamp | None:
    try:
        return FileStamp(int(raw["size"]), int(raw["mtime_ns"]), str(raw["sha256"]))
    except (TypeError, KeyError, ValueError):
        return None


def read_autosave(file: Path, registry: Registry) -> Recovered:
    """What an autosave holds, or why it cannot be restored."""
    try:
        document = decode_json_document(read_assessment_bytes(file), file)
        if not isinstance(document, dict) or document.get("format") != RECOVERY_FORMAT:
            raise AssessmentFileError(file, "geen_beoordeling", "geen herstelbestand")
        body = json.dumps(document.get("assessment")).encode()
        assessment, _ = parse_assessment(body, file)
    except AssessmentFileError as error:
        return Recovered(file, None, None, None, error.detail)
    original = document.get("original_path")
    original_path = Path(original) if isinstance(original, str) and original else None
    stamp = _stamp(document.get("original_stamp"))
    policy = registry.policies.get(assessment.policy.id)
    problem = ""
    if policy is None:
        problem = f"beleid '{assessment.policy.id}' is niet beschikbaar in deze versie"
    elif assessment.care_type not in policy.care_types:
        problem = f"zorgsoort '{assessment.care_type}' bestaat niet in dit beleid"
    return Recovered(file, assessment, original_path, stamp, problem)


def find_recoverable(registry: Registry) -> list[Recovered]:
    """Every autosave left behind by a session that did not end cleanly, oldest first."""
    folder = recovery_dir()
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.json"), key=lambda f: (f.stat().st_mtime, f.name))
    return [read_autosave(file, registry) for file in files]
