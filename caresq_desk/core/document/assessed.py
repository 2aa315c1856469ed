"""One assessment file assessed, or the reason it could not be: what every place that takes
many files needs (export, reports, the list dialog, the werkmap), so one unreadable file is
named and the others go on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from caresq_desk.core.document.chain import check_chain
from caresq_desk.core.document.files import AssessmentFileError, load_assessment
from caresq_desk.core.document.migrate import NotPlaced, migrate
from caresq_desk.core.document.provenance import Weighed, assessed, weigh
from caresq_desk.core.model.assessment import Assessment
from caresq_desk.core.model.result import Result
from caresq_desk.core.policy.loader import Policy
from caresq_desk.core.policy.registry import Registry, UnknownPolicyError
from caresq_desk.core.rules.engine import UnknownCareTypeError
from caresq_desk.core.rules.roles import ROLE_PURCHASER


@dataclass(frozen=True)
class AssessedFile:
    path: Path
    assessment: Assessment | None = None
    policy: Policy | None = None
    result: Result | None = None
    problem: str = ""  # why it could not be read or assessed ('' when it could)
    # Answers this version of the policy does not ask (kept in the file): assess it again.
    not_placed: tuple[NotPlaced, ...] = ()
    # What counted (a provider's claims did not) and whether the history holds.
    weighed: Weighed | None = None


def assess_file(path: Path, registry: Registry, role: str = ROLE_PURCHASER) -> AssessedFile:
    """The file read, its answers placed as the installed policy asks them, weighed (what a
    provider only claims does not count) and assessed."""
    try:
        assessment, _ = load_assessment(path)
        policy = registry.get(assessment.policy.id)
        rules = policy.care_types.get(assessment.care_type)
        if rules is None:
            raise UnknownCareTypeError(policy, assessment.care_type)
        migration = migrate(assessment, rules)
        weighed = weigh(migration.assessment, rules, check_chain(assessment))
        result = assessed(policy, weighed, role)
    except AssessmentFileError as error:
        return AssessedFile(path, problem=error.detail)
    except (UnknownPolicyError, UnknownCareTypeError) as error:
        return AssessedFile(path, problem=str(error))
    return AssessedFile(
        path, migration.assessment, policy, result, "", migration.not_placed, weighed
    )
