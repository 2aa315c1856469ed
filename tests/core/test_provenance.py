"""A file is a provider's claim until a purchaser records it (issue 20): who may say what, a
history that shows tampering, signatures for a team, and bad input that never breaks reading.

Every reader is tried: assess (and --json), werkmap (and --json), export, rapport, batch and the
session the window shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caresq_desk.core.document.assessed import assess_file
from caresq_desk.core.document.chain import check_chain, event_hash, seal
from caresq_desk.core.document.files import load_assessment, save_assessment
from caresq_desk.core.document.history import advance, decide, record
from caresq_desk.core.document.provenance import weigh
from caresq_desk.core.document.session import Opened, Saved, Session, read_document
from caresq_desk.core.document.signing import (
    SigningKeyError,
    check_signature,
    create_key,
    load_signer,
    read_team_keys,
)
from caresq_desk.core.model.assessment import Actor, Assessment
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.werkmap.index import WerkmapIndex
from tests.conftest import ROOT, criterion, fysio, make_assessment

REGISTRY = Registry.load()
PZ = REGISTRY.get("paramedische-zorg-2026")
RULES = PZ.care_types["fysiotherapie"]
PROVIDER = Actor(name="Praktijk De Brug", role="zorgaanbieder")
JAN = Actor(name="Jan de Vries", role="inkoper")
# What only the purchaser judges, as a provider would like it to read.
FLATTERING = {"vermoeden_fraude": False, "oordeel_prestaties": "bovengemiddeld"}


def self_check() -> Assessment:
    """A provider's self-check, as the application saves it (nothing forged yet)."""
    return record(None, make_assessment(PZ, "fysiotherapie", fysio()), PROVIDER)


def write(path: Path, assessment: Assessment) -> Path:
    save_assessment(path, assessment, evaluate(PZ, assessment), create_folder=True)
    return path


def forged_by_hand(folder: Path) -> Path:
    """The self-check with purchaser answers and a final status typed into the file."""
    path = write(folder / "brug.json", self_check())
    data = json.loads(path.read_text())
    data["answers"] |= FLATTERING
    data["status"] = "vastgesteld"
    path.write_text(json.dumps(data))
    return path


def forged_in_chain(folder: Path) -> Path:
    """The same claims with a chain that holds: events in the provider's role (as a provider who
    computes the hashes would write them)."""
    forged = record(self_check(), self_check().model_copy(
        update={"answers": fysio() | FLATTERING}), PROVIDER)  # fmt: skip
    forged = forged.model_copy(update={"status": "vastgesteld"})
    forged = forged.model_copy(update={"history": [*forged.history, forged.history[-1].model_copy(
        update={"event": "status", "field": "status", "old": "concept", "new": "vastgesteld",
                "answers": None, "prev": None, "state": None})]})  # fmt: skip
    return write(folder / "brug.json", forged)


def cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"CARESQ_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "caresq_desk", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, check=False, timeout=120)  # fmt: skip


# -- 1. who may say what -------------------------------------------------------------------------


@pytest.mark.parametrize("forge", [forged_by_hand, forged_in_chain])
def test_a_providers_purchaser_answers_and_status_are_claims_on_every_path(
    tmp_path: Path, forge: Any
) -> None:
    path = forge(tmp_path)
    done = assess_file(path, REGISTRY)
    assert done.result is not None and done.weighed is not None
    assert done.weighed.claims.answers == FLATTERING
    assert done.weighed.claims.status == "vastgesteld"
    assert done.weighed.counted.status == "concept"
    assert done.weighed.status_label == "Zelftoets"
    prestatie = criterion(done.result, "G-PRESTATIE")
    assert prestatie.outcome == "onbeantwoord"
    assert "Nog te beoordelen door de inkoper" in prestatie.reason
    assert "Bovengemiddeld" in prestatie.reason
    # The window's session: not read-only for a status no purchaser set.
    opened = read_document(path, REGISTRY)
    assert isinstance(opened, Opened)
    assert not Session.opened(opened).read_only
    # The werkmap.
    [row] = WerkmapIndex(tmp_path / "index.sqlite").scan(tmp_path, REGISTRY)[0]
    assert (row.status, row.status_label) == ("concept", "Zelftoets")
    assert "Vermoeden van fraude: nee" in row.claims


def test_assess_json_and_werkmap_json_do_not_count_the_claims(tmp_path: Path) -> None:
    """The steering side's check, through the command line."""
    folder = tmp_path / "ronde"
    path = forged_by_hand(folder)
    assessed = cli("assess", "--json", str(path), home=tmp_path)
    assert assessed.returncode == 0, assessed.stderr
    data = json.loads(assessed.stdout)
    prestatie = next(c for c in data["criteria"] if c["id"] == "G-PRESTATIE")
    assert prestatie["outcome"] != "voldaan"
    assert data["provenance"]["status_label"] == "Zelftoets"
    assert data["provenance"]["claims"]["answers"] == FLATTERING
    assert data["provenance"]["history"]["changed"] is True
    listed = cli("werkmap", "--json", str(folder), home=tmp_path)
    [row] = json.loads(listed.stdout)
    assert row["status"] != "vastgesteld" and row["status_label"] == "Zelftoets"
    assert row["history_changed"] and "gewijzigd buiten de toepassing" in row["history"]


def test_export_and_rapport_name_the_claims_and_never_the_claimed_status(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = forged_by_hand(tmp_path / "ronde")
    out = tmp_path / "samenvatting.xlsx"
    done = cli("export", str(path.parent), "-o", str(out), home=tmp_path)
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out)["Overzicht"]
    headers = [cell.value for cell in sheet[1]]
    row = {h: c.value for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Status"] == "Zelftoets"
    assert "telt niet mee" in row["Meldingen"] and "gewijzigd buiten" in row["Meldingen"]
    from caresq_desk.core.report.html import report_html

    assessed = assess_file(path, REGISTRY)
    assert assessed.assessment is not None and assessed.result is not None
    html = report_html(assessed.assessment, assessed.result, PZ, "inkoper", assessed.weighed)
    assert "Zelftoets" in html and "Vastgesteld" not in html
    assert "telt niet mee" in html and "Nog te beoordelen door de inkoper" in html


def test_batch_in_the_provider_role_counts_no_purchaser_column(tmp_path: Path) -> None:
    from caresq_desk.excel.batch import assess_list
    from caresq_desk.excel.importer import ImportResult

    assessment = make_assessment(
        PZ, "fysiotherapie", fysio() | {"oordeel_prestaties": "bovengemiddeld"}
    )
    imported = ImportResult(PZ, "fysiotherapie", [(2, assessment)])
    [provider_row], _ = assess_list(imported, "lijst.xlsx", role="zorgaanbieder")
    [purchaser_row], _ = assess_list(imported, "lijst.xlsx", role="inkoper")
    assert "oordeel_prestaties" not in provider_row.export.assessment.answers
    assert any("telt niet mee" in m for m in provider_row.export.messages)
    assert criterion(purchaser_row.export.result, "G-PRESTATIE").outcome == "voldaan"


def test_a_purchaser_who_confirms_or_changes_a_claim_makes_it_theirs(tmp_path: Path) -> None:
    path = forged_by_hand(tmp_path)
    opened = read_document(path, REGISTRY)
    assert isinstance(opened, Opened)
    session = Session.opened(opened)
    base = opened.assessment
    edited = base.model_copy(update={"answers": base.answers | {"vermoeden_fraude": True}})
    # Fraud changed; prestaties confirmed unchanged.
    current = session.recorded(edited, JAN, {"vermoeden_fraude", "oordeel_prestaties"})
    outcome = session.save(current, None, None, target=path, documents=tmp_path)  # type: ignore[arg-type]
    assert isinstance(outcome, Saved)
    again = assess_file(path, REGISTRY)
    assert again.weighed is not None and again.result is not None
    assert again.weighed.claims.answers == {}
    assert criterion(again.result, "G-PRESTATIE").outcome == "voldaan"
    events = [e for e in again.assessment.history if e.field == "oordeel_prestaties"]
    assert events[-1].by == JAN and events[-1].old == events[-1].new  # "bevestigd"
    # The status the file claimed is still only a claim: no purchaser set it.
    assert again.weighed.status_label == "Zelftoets"


def test_a_purchaser_status_and_decision_count_in_a_self_check() -> None:
    taken = advance(record(self_check(), self_check(), JAN), JAN)
    weighed = weigh(seal(taken), RULES)
    assert weighed.counted.status == "ter_controle" and weighed.status_label == "Ter controle"
    # A decision in the provider's name never counts.
    forged = decide(seal(self_check()), "toegekend", "omdat het kan", PROVIDER)
    weighed = weigh(seal(forged), RULES)
    assert weighed.counted.decision is None and weighed.claims.decision is not None


def test_a_purchasers_own_file_counts_as_it_always_did() -> None:
    own = record(None, make_assessment(PZ, "fysiotherapie", fysio() | FLATTERING), JAN)
    weighed = weigh(seal(own), RULES)
    assert not weighed.from_provider and not weighed.claims
    assert weighed.counted.answers == own.answers


# -- 2. a history that shows tampering -----------------------------------------------------------


def purchaser_file(folder: Path) -> Path:
    first = record(None, make_assessment(PZ, "fysiotherapie", fysio(behandelindex=140)), JAN)
    second = record(first, first.model_copy(update={"answers": fysio(behandelindex=151)}), JAN)
    return write(folder / "a.json", advance(second, JAN))


def test_a_sealed_history_holds_and_replays_to_the_file(tmp_path: Path) -> None:
    assessment, _ = load_assessment(purchaser_file(tmp_path))
    chain = check_chain(assessment)
    assert chain.kind == "beveiligd" and chain.describe() == ""
    assert all(e.state and len(e.state) == 64 for e in assessment.history)
    assert assessment.history[0].prev is None
    assert assessment.history[1].prev == event_hash(assessment.history[0])


def test_a_one_value_edit_to_an_old_event_names_that_event(tmp_path: Path) -> None:
    path = purchaser_file(tmp_path)
    data = json.loads(path.read_text())
    index = next(i for i, e in enumerate(data["history"]) if e.get("new") == 151)
    data["history"][index]["old"] = 120  # an old value, by hand
    path.write_text(json.dumps(data))
    chain = check_chain(load_assessment(path)[0])
    assert chain.changed and chain.first_bad == index
    assert f"gebeurtenis {index + 1}" in chain.describe()
    listed = cli("werkmap", "--json", str(tmp_path), home=tmp_path)
    [row] = [r for r in json.loads(listed.stdout) if r["path"].endswith("a.json")]
    assert row["history_changed"] and f"gebeurtenis {index + 1}" in row["history"]


def test_who_did_it_and_answers_edited_by_hand_are_caught(tmp_path: Path) -> None:
    path = purchaser_file(tmp_path)
    data = json.loads(path.read_text())
    data["history"][1]["by"]["name"] = "Iemand anders"
    path.write_text(json.dumps(data))
    assert check_chain(load_assessment(path)[0]).first_bad == 1
    path = purchaser_file(tmp_path / "b")
    data = json.loads(path.read_text())
    data["answers"]["behandelindex"] = 99
    path.write_text(json.dumps(data))
    chain = check_chain(load_assessment(path)[0])
    assert chain.first_bad == len(data["history"]) and "de antwoorden" in chain.problem


def test_a_whole_rewritten_chain_is_caught_by_the_werkmap_index(tmp_path: Path) -> None:
    path = purchaser_file(tmp_path)
    index = WerkmapIndex(tmp_path / "index.sqlite")
    [row] = index.scan(tmp_path, REGISTRY)[0]
    assert not row.history_changed
    # A new history, valid in itself, written over the old one.
    rewritten = record(None, make_assessment(PZ, "fysiotherapie", fysio(behandelindex=151)), JAN)
    write(path, advance(rewritten, JAN))
    assert check_chain(load_assessment(path)[0]).kind == "beveiligd"
    [row] = index.scan(tmp_path, REGISTRY)[0]
    assert row.history_changed and "herschreven" in row.history
    # It stays flagged: saving it again does not make the old history come back.
    write(path, record(load_assessment(path)[0], load_assessment(path)[0], JAN))
    [row] = index.scan(tmp_path, REGISTRY)[0]
    assert row.history_changed
    # A file that only grew is fine.
    other = purchaser_file(tmp_path / "c")
    [row_c] = [r for r in index.scan(tmp_path, REGISTRY)[0] if r.path == str(other)]
    grown = load_assessment(other)[0]
    write(other, record(grown, grown.model_copy(update={"notes": "nog bellen"}), JAN))
    [row_c] = [r for r in index.scan(tmp_path, REGISTRY)[0] if r.path == str(other)]
    assert not row_c.history_changed


def test_a_file_from_the_previous_schema_migrates_once(tmp_path: Path) -> None:
    path = purchaser_file(tmp_path)
    data = json.loads(path.read_text())
    data["schema_version"] = 2
    for event in data["history"]:
        del event["prev"], event["state"]
    path.write_text(json.dumps(data))
    opened = read_document(path, REGISTRY)
    assert isinstance(opened, Opened) and opened.weighed is not None
    assert opened.weighed.chain.kind == "ouder" and not opened.weighed.chain.changed
    session = Session.opened(opened)
    current = session.recorded(opened.assessment, JAN)
    assert isinstance(session.save(current, None, None, target=path, documents=tmp_path), Saved)  # type: ignore[arg-type]
    again = load_assessment(path)[0]
    assert again.schema_version == 3 and check_chain(again).kind == "beveiligd"
    assert [e.event for e in again.history][-1] == "gemigreerd"
    assert sum(e.event == "gemigreerd" for e in again.history) == 1


# -- 3. signatures -------------------------------------------------------------------------------


def signed_file(folder: Path, key_file: Path) -> Path:
    path = purchaser_file(folder)
    opened = read_document(path, REGISTRY)
    assert isinstance(opened, Opened)
    session = Session.opened(opened)
    current = session.recorded(opened.assessment.model_copy(update={"notes": "getekend"}), JAN)
    signer = load_signer(key_file)
    outcome = session.save(current, None, None, target=path, documents=folder, signer=signer)  # type: ignore[arg-type]
    assert isinstance(outcome, Saved)
    return path


def signature_of(path: Path, folder: Path) -> str:
    assessment = load_assessment(path)[0]
    check = check_signature(assessment, check_chain(assessment), read_team_keys(folder))
    return check.kind


def test_signed_by_a_team_member_an_unknown_key_unsigned_and_broken(tmp_path: Path) -> None:
    key_file = tmp_path / "sleutel.pem"
    signer = create_key(key_file)
    assert key_file.stat().st_mode & 0o777 == 0o600
    folder = tmp_path / "ronde"
    path = signed_file(folder, key_file)
    assert signature_of(path, folder) == "onbekende_sleutel"
    (folder / "team-sleutels").write_text(f"# team\n{signer.team_line('Jan de Vries')}\n")
    assert signature_of(path, folder) == "teamlid"
    [row] = WerkmapIndex(tmp_path / "index.sqlite").scan(folder, REGISTRY)[0]
    assert row.signature == "teamlid" and "Jan de Vries" in row.signature_note
    # A save without the key leaves the earlier signature over an earlier head.
    later = load_assessment(path)[0]
    write(path, record(later, later.model_copy(update={"notes": "daarna"}), JAN))
    assert signature_of(path, folder) == "niet_ondertekend"
    # Content changed under the signature: the chain and the signature both say so.
    path = signed_file(tmp_path / "b", key_file)
    data = json.loads(path.read_text())
    data["status"] = "concept"
    path.write_text(json.dumps(data))
    assert signature_of(path, folder) == "gebroken"
    # A signature over another head, and a signature value that is not one.
    path = signed_file(tmp_path / "c", key_file)
    data = json.loads(path.read_text())
    data["signature"]["head"] = "0" * 64
    path.write_text(json.dumps(data))
    assert signature_of(path, folder) == "gebroken"
    data["signature"] = {"key": "abc", "head": 5}
    path.write_text(json.dumps(data))
    assert signature_of(path, folder) == "gebroken"


def test_a_key_file_that_is_not_a_key_is_told_and_never_replaced(tmp_path: Path) -> None:
    key_file = tmp_path / "sleutel.pem"
    assert load_signer(key_file) is None
    key_file.write_text("geen sleutel")
    with pytest.raises(SigningKeyError, match="geen Ed25519-sleutel"):
        load_signer(key_file)
    with pytest.raises(SigningKeyError, match="al een ondertekensleutel"):
        create_key(key_file)
    assert key_file.read_text() == "geen sleutel"


def test_a_team_list_names_every_line_it_cannot_use(tmp_path: Path) -> None:
    signer = create_key(tmp_path / "k.pem")
    (tmp_path / "team-sleutels.txt").write_text(f"{signer.team_line('Jan')}\nkapot Piet\n")
    team = read_team_keys(tmp_path)
    assert list(team.names.values()) == ["Jan"]
    assert team.problems and "regel 2" in team.problems[0]


# -- 4. bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda e: e.update(state=12),
        lambda e: e.update(state="nee"),
        lambda e: e.update(prev=["x"]),
        lambda e: e.pop("state"),
    ],
    ids=["state-number", "state-text", "prev-list", "state-missing"],
)
def test_a_malformed_hash_field_is_named_and_the_file_still_reads(
    tmp_path: Path, damage: Any
) -> None:
    path = purchaser_file(tmp_path)
    data = json.loads(path.read_text())
    damage(data["history"][1])
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    done = assess_file(path, REGISTRY)
    assert done.result is not None and done.weighed is not None
    assert done.weighed.chain.first_bad == 1
    assert "gebeurtenis 2" in done.weighed.chain.describe()
    assessed = cli("assess", str(path), home=tmp_path)
    assert assessed.returncode == 0 and "Traceback" not in assessed.stderr
    assert "gewijzigd buiten de toepassing" in assessed.stdout
    assert path.read_bytes() == before  # nothing written back without a save


# -- the canonical form ---------------------------------------------------------------------------


# JSON as a file holds it (no NaN or Infinity: reading refuses those).
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    value=json_values,
    at=st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=1)), None])),
    by=st.none() | st.builds(Actor, name=st.text(max_size=10)),
    field=st.none() | st.text(max_size=8),
    reason=st.text(max_size=8),
    prev=st.none() | st.just("0" * 64),
)
def test_the_fast_canonical_form_is_the_models_own(
    value: Any, at: Any, by: Any, field: str | None, reason: str, prev: str | None
) -> None:
    """The chain builds an event's canonical JSON by hand for speed: it must stay exactly
    json.dumps(sort_keys, no whitespace) of what the model writes, for every field."""
    from caresq_desk.core.document import chain
    from caresq_desk.core.model.assessment import HistoryEvent

    event = HistoryEvent(at=at, by=by, event="antwoord", field=field, old=value, new=[value],
                         answers={"a": value}, reason=reason, prev=prev,
                         state="1" * 64)  # fmt: skip
    dumped = event.model_dump(mode="json", exclude={"state"})
    assert set(dumped) == set(chain.EVENT_FIELDS)
    expected = json.dumps(dumped, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert chain._own_json(event) == expected
    assert chain.event_hash(event) == chain.digest(event.model_dump(mode="json"))
