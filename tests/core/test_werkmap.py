"""The werkmap's foundation (issue 11, Qt-free): every file of a round as a row, policy
corrections replayed, lock markers and conflict copies shown, and an index that spares files
that did not change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from caresq_desk.cli import main
from caresq_desk.core.document.files import save_assessment
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.werkmap.index import WerkmapIndex
from caresq_desk.core.werkmap.scan import is_conflict_copy
from tests.conftest import POLICIES, colleague_opens, fysio, make_assessment

REGISTRY = Registry.load()
PZ = REGISTRY.get("paramedische-zorg-2026")


@pytest.fixture
def round_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ronde"
    (folder / "utrecht").mkdir(parents=True)
    for index in (130, 145, 160):
        assessment = make_assessment(PZ, "fysiotherapie", fysio(behandelindex=index))
        save_assessment(
            folder / "utrecht" / f"praktijk-{index}.json", assessment, evaluate(PZ, assessment)
        )
    (folder / "kapot.json").write_text("{ kapot", encoding="utf-8")
    return folder


def corrected_policies(tmp_path: Path) -> Registry:
    """The same policies, with the index limit corrected from 150 to 140."""
    copy = tmp_path / "beleid"
    shutil.copytree(POLICIES, copy)
    path = copy / "2026" / "paramedische-zorg.toml"
    text = path.read_text(encoding="utf-8")
    assert 'condition = { q = "behandelindex", le = 150 }' in text
    limit = '{ q = "behandelindex", le = '
    path.write_text(text.replace(f"{limit}150 }}", f"{limit}140 }}"), encoding="utf-8")
    return Registry.load(copy)


def test_every_file_is_a_row_and_an_unreadable_one_has_its_reason(round_folder: Path) -> None:
    rows, read = WerkmapIndex().scan(round_folder, REGISTRY)
    assert read == 4 and len(rows) == 4
    broken = next(row for row in rows if row.path.endswith("kapot.json"))
    assert "beschadigd" in broken.problem
    assert not any(row.changed for row in rows)


def test_a_policy_correction_flags_exactly_the_files_it_changes(
    round_folder: Path, tmp_path: Path
) -> None:
    rows, _ = WerkmapIndex().scan(round_folder, corrected_policies(tmp_path))
    changed = {Path(row.path).name: row.changes for row in rows if row.changed}
    assert set(changed) == {"praktijk-145.json"}
    assert any(c.criterion == "PZ-FYS-INDEX" and c.was == "voldaan" and c.now == "niet voldaan"
               for c in changed["praktijk-145.json"])  # fmt: skip


def test_the_index_spares_files_that_did_not_change(round_folder: Path, tmp_path: Path) -> None:
    index = WerkmapIndex()
    assert index.scan(round_folder, REGISTRY)[1] == 4
    assert index.scan(round_folder, REGISTRY)[1] == 0  # warm: nothing read again
    assessment = make_assessment(PZ, "fysiotherapie", fysio(behandelindex=99))
    save_assessment(round_folder / "utrecht" / "praktijk-130.json", assessment)
    assert index.scan(round_folder, REGISTRY)[1] == 1
    assert index.scan(round_folder, corrected_policies(tmp_path))[1] == 4  # policies changed


def test_a_damaged_index_is_rebuilt(round_folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "kapot.sqlite"
    path.write_bytes(b"geen database" * 100)
    assert len(WerkmapIndex(path).scan(round_folder, REGISTRY)[0]) == 4


def test_who_has_a_file_open_shows_and_follows_the_marker(round_folder: Path) -> None:
    index = WerkmapIndex()
    target = round_folder / "utrecht" / "praktijk-130.json"
    index.scan(round_folder, REGISTRY)
    colleague_opens(target)
    rows, read = index.scan(round_folder, REGISTRY)
    assert read == 0
    assert "jdevries" in next(row for row in rows if row.path == str(target)).open_by


@pytest.mark.parametrize(
    ("name", "conflict"),
    [
        ("De Brug (conflict 2026-11-30).json", True),
        ("De Brug (Jan's conflicted copy 2026-11-30).json", True),
        ("De Brug-LAPTOP-JAN.json", True),
        ("paramedische-zorg-2026-fysio-contract-b.json", False),
        ("regisseur-te-traag.json", False),
    ],
)
def test_conflict_copies_of_sync_tools_are_recognised(name: str, conflict: bool) -> None:
    assert is_conflict_copy(Path(name)) is conflict


def test_cli_lists_the_round_and_only_what_changed(round_folder: Path, capsys) -> None:
    assert main(["werkmap", str(round_folder), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 4 and any(row["problem"] for row in rows)
    assert main(["werkmap", str(round_folder)]) == 0
    assert (
        "4 bestanden, 0 met gewijzigde uitkomst, 0 te herbeoordelen, 0 buiten de toepassing "
        "gewijzigd, 1 niet leesbaar" in capsys.readouterr().out
    )
    assert main(["werkmap", str(round_folder), "--gewijzigd"]) == 0
    assert "0 bestanden, 0 met gewijzigde uitkomst" in capsys.readouterr().out


def test_a_row_has_status_assessor_and_whether_it_is_a_self_check(tmp_path: Path) -> None:
    from caresq_desk.core.document.history import advance, record
    from caresq_desk.core.model.assessment import Actor

    own = record(None, make_assessment(PZ, "fysiotherapie", fysio(behandelindex=120)),
                 Actor(name="Praktijk", role="zorgaanbieder"))  # fmt: skip
    checked = advance(record(own, own, Actor(name="Jan")), Actor(name="Jan"))
    save_assessment(tmp_path / "a.json", checked, evaluate(PZ, checked))
    [row] = WerkmapIndex(tmp_path / "index.sqlite").scan(tmp_path, REGISTRY)[0]
    assert (row.status, row.assessor, row.self_check) == ("ter_controle", "Jan", True)
    assert row.verdict_code == "voldoet"


@pytest.mark.parametrize(
    ("copy", "original"),
    [
        ("De Brug (conflict 2026-11-30).json", "De Brug.json"),
        ("De Brug (Jan's conflicted copy 2026-11-30).json", "De Brug.json"),
        ("De Brug-LAPTOP-JAN.json", "De Brug.json"),
    ],
)
def test_a_conflict_copy_is_compared_with_its_original_answer_by_answer(
    tmp_path: Path, copy: str, original: str
) -> None:
    from caresq_desk.core.document.files import load_assessment
    from caresq_desk.core.model.answers import compare_answers
    from caresq_desk.core.werkmap.scan import original_of

    mine = make_assessment(PZ, "fysiotherapie", fysio(behandelindex=120))
    theirs = mine.model_copy(
        update={"answers": mine.answers | {"behandelindex": 163, "richtlijnen": False}}
    )
    save_assessment(tmp_path / original, mine)
    save_assessment(tmp_path / copy, theirs)
    assert original_of(tmp_path / copy) == tmp_path / original
    assert original_of(tmp_path / original) is None
    rules = PZ.care_types["fysiotherapie"]
    differences = compare_answers(
        rules, load_assessment(tmp_path / original)[0], load_assessment(tmp_path / copy)[0]
    )
    by_field = {d.field: (d.left, d.right) for d in differences}
    assert by_field["behandelindex"] == ("120", "163")
    assert by_field["richtlijnen"] == ("ja", "nee")
    assert len(differences) == 2


def test_worker_processes_give_the_same_rows_as_reading_in_this_process(
    round_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold werkmap of many files is read by worker processes; the rows are the same, in
    the same order, and a policy file changed under the workers falls back to this process."""
    from caresq_desk.core.werkmap import pool as werkmap_pool
    from caresq_desk.core.werkmap.scan import find_files

    files = find_files(round_folder)
    alone = werkmap_pool.read_rows(files, REGISTRY)
    monkeypatch.setattr(werkmap_pool, "PARALLEL_FROM", 2)
    monkeypatch.setattr(werkmap_pool, "CHUNK", 1)
    monkeypatch.setattr(werkmap_pool.os, "cpu_count", lambda: 2)
    used = []
    original = werkmap_pool._in_pool
    monkeypatch.setattr(werkmap_pool, "_in_pool", lambda *args: used.append(1) or original(*args))
    done: list[int] = []
    assert werkmap_pool.read_rows(files, REGISTRY, done.append) == alone
    assert used and done[-1] == len(files)
    corrected = corrected_policies(tmp_path)  # limit 140, loaded by this process
    monkeypatch.setattr(werkmap_pool, "PARALLEL_FROM", 10**6)
    expected = werkmap_pool.read_rows(files, corrected)
    monkeypatch.setattr(werkmap_pool, "PARALLEL_FROM", 2)
    path = next(p.path for p in corrected if p.id == "paramedische-zorg-2026")
    text = path.read_text(encoding="utf-8")  # changed on disk after loading: limit 120
    path.write_text(text.replace("le = 140 }", "le = 120 }"), encoding="utf-8")
    used.clear()
    assert werkmap_pool.read_rows(files, corrected) == expected
    assert used  # the pool was tried, refused the changed file, and this process did the work


def test_an_index_another_program_holds_locked_only_makes_the_scan_slower(
    round_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two Caresq Desks share the cache folder's index; one holding it must not stop the other."""
    import sqlite3

    from caresq_desk.core.werkmap import index as werkmap_index

    index_path = tmp_path / "index.sqlite"
    WerkmapIndex(index_path).close()
    other = sqlite3.connect(index_path)
    other.execute("begin exclusive")
    monkeypatch.setattr(werkmap_index, "BUSY_SECONDS", 0.05)
    index = WerkmapIndex(index_path)
    rows, read = index.scan(round_folder, REGISTRY)
    assert len(rows) == 4 and read == 4
    other.rollback()
    other.close()
    assert index_path.exists()  # a locked index is not mistaken for a damaged one
    index = WerkmapIndex(index_path)
    assert index.scan(round_folder, REGISTRY)[1] == 4
    assert index.scan(round_folder, REGISTRY)[1] == 0
