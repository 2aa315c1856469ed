"""A decision on an exception changes the outcome everywhere (issue 27, part 1): the verdict, the
contract and tier, the criterion that left it open and the route's advice; the werkmap and the
report read the same result."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from caresq_desk.core.document.files import save_assessment
from caresq_desk.core.document.history import decide, record
from caresq_desk.core.document.steps import take_step
from caresq_desk.core.model.assessment import Actor
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.report.html import report_html
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.werkmap.index import WerkmapIndex
from tests.conftest import criterion, fysio, make_assessment

REGISTRY = Registry.load()
PZ = REGISTRY.get("paramedische-zorg-2026")
JAN = Actor(name="Jan de Vries", role="inkoper")
AT = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
WHY = "Enige praktijk in de regio met deze zorg"


def index_151(**changes: object) -> object:
    return record(
        None, make_assessment(PZ, "fysiotherapie", fysio(behandelindex=160, **changes)), JAN
    )


def test_a_granted_exception_gives_the_contract_and_drops_the_advice() -> None:
    open_ = evaluate(PZ, index_151())
    assert open_.verdict == "uitzondering_mogelijk" and open_.contract is None
    granted = evaluate(PZ, decide(index_151(), "toegekend", WHY, JAN, AT))
    assert granted.verdict == "uitzondering_toegekend"
    assert granted.headline == "Komt in aanmerking: uitzondering toegekend"
    assert granted.contract == "Fysiotherapie: Zorgovereenkomst D"
    assert granted.tier is not None and "zodra" not in granted.tier.explanation
    index = criterion(granted, "PZ-FYS-INDEX")
    assert index.outcome == "niet_voldaan" and index.remedy == ""  # the fact stays, the advice goes
    assert (
        WHY in index.reason and "Jan de Vries" in index.reason and "1 december 2026" in index.reason
    )
    assert (
        granted.route is not None and "per e-mail" not in granted.route.label + granted.route.text
    )
    assert WHY in granted.route.text


def test_a_refused_exception_gives_no_contract_and_no_tier() -> None:
    refused = evaluate(PZ, decide(index_151(), "afgewezen", "Geen zorginhoudelijke grond", JAN, AT))
    assert refused.verdict == "uitzondering_afgewezen"
    assert refused.headline == "Komt niet in aanmerking: uitzondering afgewezen"
    assert refused.contract is None and refused.tier is None
    assert "per e-mail" not in refused.route.text


def test_a_decision_the_policy_no_longer_leaves_does_not_count() -> None:
    decided = decide(index_151(), "toegekend", WHY, JAN, AT)
    below = decided.model_copy(update={"answers": fysio(behandelindex=140)})
    result = evaluate(PZ, below)
    assert result.verdict == "voldoet" and WHY not in criterion(result, "PZ-FYS-INDEX").reason


def test_the_werkmap_and_the_report_read_the_decision(tmp_path: Path) -> None:
    path = tmp_path / "brug.json"
    assessment = index_151()
    save_assessment(path, assessment, evaluate(PZ, assessment))
    report = take_step(path, REGISTRY, lambda a: decide(a, "toegekend", WHY, JAN, AT), JAN)
    assert report.done, report.problem
    [row] = WerkmapIndex(tmp_path / "index.sqlite").scan(tmp_path, REGISTRY)[0]
    assert row.verdict_code == "uitzondering_toegekend"
    assert row.contract == "Fysiotherapie: Zorgovereenkomst D"
    assert not row.changed  # the saved result is of the file after the decision
    from caresq_desk.core.document.assessed import assess_file

    done = assess_file(path, REGISTRY)
    html = report_html(done.assessment, done.result, PZ, "inkoper", done.weighed)
    assert "Komt in aanmerking: uitzondering toegekend" in html and WHY in html
    assert "zodra de uitzondering" not in html
    assert "uitzondering aanvragen per e-mail" not in html  # the route's advice is gone
    assert "Vraag die per e-mail aan" not in html  # and the criterion's
