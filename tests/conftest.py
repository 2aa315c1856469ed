"""Shared test setup: no display, no real user folders, and helpers to assess quickly."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Modules that load policies at import (collection) time write the policy cache: never into the
# real user's cache folder. Each test then gets a folder of its own (below).
os.environ["CARESQ_DESK_HOME"] = tempfile.mkdtemp(prefix="caresq-tests-")

from caresq_desk.core.model.assessment import Assessment, PolicyRef, Provider
from caresq_desk.core.model.result import Result
from caresq_desk.core.policy.loader import Policy, load_policy
from caresq_desk.core.rules.engine import evaluate

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
PZ_FILE = POLICIES / "2026" / "paramedische-zorg.toml"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the real user's documents, data or settings."""
    monkeypatch.setenv("CARESQ_DESK_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def pz() -> Policy:
    return load_policy(PZ_FILE)


# A fysiotherapie practice that meets every basic condition, with no factors yet.
FYSIO_BASE: dict[str, Any] = {
    "beroep_verbonden": True,
    "vecozo_certificaat": True,
    "contract_afgelopen_3_jaar": True,
    "geen_aanbod_gewenst": False,
    "behandelindex": 120,
    "behandelindex_jaar": 2024,
    "behandelindex_versie": "jan_dec",
    "richtlijnen": True,
    "declareren_vecozo": True,
    "kwaliteitsregister": True,
    "verbijzonderde_zorg": False,
    "prem_extern": True,
    "telefonisch_bereikbaar": True,
    "werkdagen_eerste_afspraak": 5,
    "zn_digitalisering": True,
    "digitale_zorg_doelen": ["Besparen van kosten"],
    "verbijzondering_invoer": "aantallen",
    "aantal_fysiotherapeuten": 10,
    "aantal_verbijzonderd": 0,
    "kngf_basisregister": False,
    "skf_keurmerk": False,
    "langdurige_ra": False,
    "parkinson_zorg": False,
    "claudicatio_zorg": False,
}

# The basic conditions shared by the vrijgevestigde contracts other than fysiotherapie.
BASIC: dict[str, Any] = {
    "richtlijnen": True,
    "declareren_vecozo": True,
    "kwaliteitsregister": True,
    "verbijzonderde_zorg": False,
    "telefonisch_bereikbaar": True,
    "werkdagen_eerste_afspraak": 2,
    "zn_digitalisering": True,
    "digitale_zorg_doelen": ["Verbeteren van de kwaliteit van zorg"],
}

AGB_BY_CARE_TYPE = {
    "fysiotherapie": "04000001",
    "oefentherapie": "07000001",
    "logopedie": "05000001",
    "dietetiek": "24000001",
    "ergotherapie": "88000001",
    "huidtherapie": "37000001",
    "preventieve_voetzorg": "26000001",
    "gli": "90000001",
    "valpreventie": "04000002",
}

Assess = Callable[..., Result]


def make_assessment(
    policy: Policy,
    care_type: str,
    answers: dict[str, Any],
    *,
    agb_code: str | None = "default",
    on: date = date(2025, 9, 1),
) -> Assessment:
    code = AGB_BY_CARE_TYPE.get(care_type) if agb_code == "default" else agb_code
    return Assessment(
        policy=PolicyRef(id=policy.id, version=policy.meta.version),
        care_type=care_type,
        assessment_date=on,
        provider=Provider(name="Testpraktijk", agb_code=code, location="Utrecht"),
        answers=answers,
    )


@pytest.fixture
def assess(pz: Policy) -> Assess:
    def run(care_type: str, answers: dict[str, Any], **kwargs: Any) -> Result:
        return evaluate(pz, make_assessment(pz, care_type, answers, **kwargs))

    return run


# A file as version 1 of the application wrote it (no status, decision or history).
V1_FILE: dict[str, Any] = {
    "format": "caresq-desk/beoordeling",
    "schema_version": 1,
    "policy": {"id": "paramedische-zorg-2026", "version": "2026-1"},
    "care_type": "fysiotherapie",
    "assessment_date": "2026-05-01",
    "provider": {"name": "De Brug", "agb_code": "04012345", "location": "Utrecht"},
    "answers": {"behandelindex": 140, "kwaliteitsregister": True},
    "notes": "",
    "result": None,
}


def fysio(**changes: Any) -> dict[str, Any]:
    answers = dict(FYSIO_BASE)
    for key, value in changes.items():
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = value
    return answers


def criterion(result: Result, criterion_id: str, variant: str | None = None):
    """The criterion with this id (and variant; by default the one without a variant when the
    id has several)."""
    matches = [c for c in result.criteria if c.id == criterion_id]
    if variant is not None or len(matches) > 1:
        matches = [c for c in matches if c.variant == (variant or "")]
    assert len(matches) == 1, f"{criterion_id}: {len(matches)} matches"
    return matches[0]


def colleague_opens(path: Path) -> None:
    """A lock marker as a colleague's Caresq Desk on another computer writes it (09:15)."""
    import json

    from caresq_desk.core.document.sharing import lock_path

    marker = {"user": "jdevries", "host": "laptop-collega", "pid": 4242,
              "since": "2026-11-30T09:15:00"}  # fmt: skip
    lock_path(path).write_text(json.dumps(marker), encoding="utf-8")
