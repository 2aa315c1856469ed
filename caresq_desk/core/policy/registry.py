"""The set of policies the application knows: every policy file in the policies folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from caresq_desk.core.common import paths
from caresq_desk.core.common.limits import shorten
from caresq_desk.core.policy.loader import Policy, PolicyError, load_policy, policy_files


class UnknownPolicyError(LookupError):
    def __init__(self, policy_id: str, known: list[str]) -> None:
        super().__init__(
            f"beleid '{shorten(policy_id, 80)}' is niet beschikbaar in deze versie; beschikbaar: "
            + (", ".join(known) or "geen")
        )


@dataclass(frozen=True)
class Registry:
    policies: dict[str, Policy]

    @classmethod
    def load(cls, directory: Path | None = None) -> Registry:
        """Load every policy file; the first invalid file stops loading with its PolicyError."""
        found: dict[str, Policy] = {}
        for path in policy_files(directory or paths.policies_dir()):
            policy = load_policy(path)
            if policy.id in found:
                raise PolicyError(
                    path, "policy.id", f"id '{policy.id}' staat ook in {found[policy.id].path}"
                )
            found[policy.id] = policy
        return cls(found)

    @classmethod
    def load_available(cls, directory: Path | None = None) -> tuple[Registry, list[PolicyError]]:
        """Every policy file that loads, and an error for each one that does not: one broken
        file must not take the others down (the window uses this; ``policy check`` is strict)."""
        found: dict[str, Policy] = {}
        errors: list[PolicyError] = []
        for path in policy_files(directory or paths.policies_dir()):
            try:
                policy = load_policy(path)
            except PolicyError as error:
                errors.append(error)
                continue
            if policy.id in found:
                errors.append(
                    PolicyError(
                        path, "policy.id", f"id '{policy.id}' staat ook in {found[policy.id].path}"
                    )
                )
                continue
            found[policy.id] = policy
        return cls(found), errors

    def get(self, policy_id: str) -> Policy:
        try:
            return self.policies[policy_id]
        except KeyError:
            raise UnknownPolicyError(policy_id, sorted(self.policies)) from None

    def __iter__(self) -> Iterator[Policy]:
        # Newest contract year first: that is the one most people assess against.
        return iter(sorted(self.policies.values(), key=lambda p: (-p.meta.contract_year, p.id)))
