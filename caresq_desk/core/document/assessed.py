"""One assessment file assessed, or the reason it could not be: what every place that takes
many files needs (export, reports, the list dialog, the werkmap), so one unreadable file is
named and the others go on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from caresq_desk.core.document.files import AssessmentFileError, load_assessment
from caresq_desk.core.model.assessment import Assessment
from caresq_desk.core.model.result import Result
from caresq_desk.core.policy.loader import Policy
from caresq_desk.core.policy.registry import Registry, UnknownPolicyError
from caresq_desk.core.rules.engine import UnknownCareTypeError, evaluate
from caresq_desk.core.rules.roles import ROLE_PURCHASER, for_role


@dataclass(frozen=True)
class AssessedFile:
    path: Path
    assessment: Assessment | None = None
    policy: Policy | None = None
    result: Result | None = None
    problem: str = ""  # why it could not be read or assessed ('' when it could)


def assess_file(path: Path, registry: Registry, role: str = ROLE_PURCHASER) -> AssessedFile:
    try:
        assessment, _ = load_assessment(path)
        policy = registry.get(assessment.policy.id)
        result = for_role(evaluate(policy, assessment), policy, role)
    except AssessmentFileError as error:
        return AssessedFile(path, problem=error.detail)
    except (UnknownPolicyError, UnknownCareTypeError) as error:
        return AssessedFile(path, problem=str(error))
    return AssessedFile(path, assessment, policy, result)
