"""Example assessments that ship beside each policy file, with the outcome each must give.

``<policy>.examples.toml`` holds them. They serve three purposes: ``caresq-desk example DIR``
writes them out as assessment files for people to try, the tests assert their outcome, and the
application's self-test (packaging) runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from caresq_desk.core.common.oserrors import describe_os_error
from caresq_desk.core.document.files import describe_validation_error
from caresq_desk.core.model.assessment import Assessment, PolicyRef, Provider
from caresq_desk.core.model.result import Verdict
from caresq_desk.core.policy.loader import Policy, PolicyError, read_toml


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    verdict: Verdict
    tier: str | None = None
    route: str | None = None


class ExampleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    care_type: str
    assessment_date: date
    provider: Provider
    answers: dict[str, Any] = {}
    expect: Expectation
    showcase: bool = Field(
        default=False, description="Run by 'caresq-desk' without a display, as a demonstration."
    )


class ExamplesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    examples: list[ExampleSpec]


@dataclass(frozen=True)
class Example:
    spec: ExampleSpec
    assessment: Assessment

    @property
    def file_name(self) -> str:
        return f"{self.assessment.policy.id}-{self.spec.name}.json"


def examples_path(policy: Policy) -> Path:
    return policy.path.with_name(policy.path.stem + ".examples.toml")


def load_examples(policy: Policy) -> list[Example]:
    path = examples_path(policy)
    if not path.exists():
        return []
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PolicyError(
            path, "", f"kan het bestand niet lezen: {describe_os_error(error)}"
        ) from None
    try:
        parsed = ExamplesFile.model_validate(read_toml(path, data))
        return [
            Example(
                spec,
                Assessment(
                    policy=PolicyRef(id=policy.id, version=policy.meta.version),
                    care_type=spec.care_type,
                    assessment_date=spec.assessment_date,
                    provider=spec.provider,
                    answers=spec.answers,
                    notes=spec.title,
                ),
            )
            for spec in parsed.examples
        ]
    except ValidationError as error:
        raise PolicyError(path, "", describe_validation_error(error)) from None
