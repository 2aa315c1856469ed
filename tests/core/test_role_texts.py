"""Texts per role (issue 24, part 4): where a policy text addresses the provider ("u"), the
policy file words it for the purchaser beside it, and the purchaser role reads that wording."""

from __future__ import annotations

import json
import re

import pytest

from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.rules.roles import ROLE_PROVIDER, ROLE_PURCHASER, for_role
from tests.conftest import fysio, make_assessment

REGISTRY = Registry.load()
ADDRESSES_PROVIDER = re.compile(r"\b([Uu]|[Uu]w)\b")


@pytest.mark.parametrize("policy_id", sorted(REGISTRY.policies))
def test_every_text_that_says_u_has_a_purchaser_wording(policy_id: str) -> None:
    file = REGISTRY.get(policy_id).file
    missing = []
    for criterion in file.criteria:
        for name in ("remedy", "hint", "text"):
            text, purchaser = getattr(criterion, name), getattr(criterion, f"{name}_inkoper")
            if ADDRESSES_PROVIDER.search(text) and not purchaser:
                missing.append(f"{criterion.id} {criterion.variant} {name}")
            if purchaser and ADDRESSES_PROVIDER.search(purchaser.replace("zet u samen", "")):
                missing.append(f"{criterion.id} {name}_inkoper still says 'u'")
    for route in file.routes:
        if ADDRESSES_PROVIDER.search(route.text) and not route.text_inkoper:
            missing.append(f"route {route.id}")
    assert missing == []


def test_each_role_reads_its_own_wording() -> None:
    pz = REGISTRY.get("paramedische-zorg-2026")
    practice = make_assessment(pz, "fysiotherapie", fysio(behandelindex=163))
    result = evaluate(pz, practice)
    provider = for_role(result, pz, ROLE_PROVIDER)
    purchaser = for_role(result, pz, ROLE_PURCHASER)
    index = next(c for c in provider.criteria if c.id == "PZ-FYS-INDEX")
    assert index.remedy.startswith("Meent u op zorginhoudelijke gronden")
    index = next(c for c in purchaser.criteria if c.id == "PZ-FYS-INDEX")
    assert index.remedy.startswith("Meent de praktijk op zorginhoudelijke gronden")
    assert purchaser.route is not None and provider.route is not None
    assert purchaser.route.text != provider.route.text
    assert "benadert Caresq de praktijk niet via VECOZO" in purchaser.route.text
    assert not ADDRESSES_PROVIDER.search(purchaser.route.text)
    data = json.dumps(purchaser.to_dict())
    assert '"purchaser"' not in data and "text_inkoper" not in data
    assert purchaser.verdict == provider.verdict  # only the wording differs
