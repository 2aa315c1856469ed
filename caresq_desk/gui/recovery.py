"""Autosave and crash recovery: unsaved work is written to the app's data folder every few
seconds, removed on a clean save or close, and offered back on the next start."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from caresq_desk.core import paths
from caresq_desk.core.assessment import Assessment
from caresq_desk.core.atomic import atomic_write_text
from caresq_desk.core.files import AssessmentFileError, parse_assessment

RECOVERY_FORMAT = "caresq-desk/herstel"


@dataclass(frozen=True)
class Recovered:
    file: Path
    assessment: Assessment
    original_path: Path | None


def recovery_dir() -> Path:
    return paths.data_dir() / "herstel"


class Autosave:
    """One autosave file per open document."""

    def __init__(self) -> None:
        self.path = recovery_dir() / f"{uuid.uuid4().hex}.json"

    def write(self, assessment: Assessment, original_path: Path | None) -> None:
        document = {
            "format": RECOVERY_FORMAT,
            "original_path": str(original_path) if original_path else None,
            "assessment": assessment.model_dump(mode="json"),
        }
        atomic_write_text(
            self.path, json.dumps(document, ensure_ascii=False, indent=1), create_folder=True
        )

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def find_recoverable() -> list[Recovered]:
    """Autosaves left behind by a session that did not end cleanly; unreadable ones are kept
    on disk (never deleted unseen) but not offered."""
    found = []
    folder = recovery_dir()
    if not folder.is_dir():
        return found
    for file in sorted(folder.glob("*.json")):
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
            if document.get("format") != RECOVERY_FORMAT:
                continue
            body = json.dumps(document["assessment"]).encode()
            assessment, _ = parse_assessment(body, file)
        except (OSError, ValueError, KeyError, AssessmentFileError, AttributeError):
            continue
        original = document.get("original_path")
        found.append(Recovered(file, assessment, Path(original) if original else None))
    return found
