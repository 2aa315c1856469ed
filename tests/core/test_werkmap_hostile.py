"""The werkmap on a folder it cannot trust (issue 26): pipes, devices, loops and links out of
the folder, broken saved results, names that are not UTF-8, another folder's index rows and
damaged index rows. No hang, no crash, every entry accounted for, never another folder's data.

The cases that used to hang run the command line in a child process with a time limit, so a
regression fails the test instead of stopping the suite."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from caresq_desk.cli import main
from caresq_desk.core.common.oserrors import describe_os_error
from caresq_desk.core.document.files import assessment_json, load_assessment
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.werkmap.index import WerkmapIndex
from caresq_desk.core.werkmap.scan import find_files, shown_path
from tests.conftest import ROOT, fysio, make_assessment

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes, devices and links")

REGISTRY = Registry.load()
PZ = REGISTRY.get("paramedische-zorg-2026")
HANG_LIMIT = 60  # seconds: far above a scan of these few files, far below "forever"


def good_file(path: Path, name: str = "Praktijk De Brug", index: int = 130) -> Path:
    assessment = make_assessment(PZ, "fysiotherapie", fysio(behandelindex=index))
    assessment = assessment.model_copy(update={"provider": assessment.provider.model_copy(
        update={"name": name})})  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(assessment_json(assessment, evaluate(PZ, assessment)), encoding="utf-8")
    return path


def werkmap_in_child(folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"CARESQ_DESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "caresq_desk", "werkmap", "--json", str(folder)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=HANG_LIMIT, check=False,
    )  # fmt: skip


def rows_by_name(folder: Path, index_path: Path) -> dict[str, object]:
    rows, _ = WerkmapIndex(index_path).scan(folder, REGISTRY)
    return {shown_path(row.path, folder): row for row in rows}


# -- 1 and 4: what hangs, loops or leads out ------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "ronde"
    good_file(folder / "goed.json")
    good_file(folder / "sub" / "binnen.json", "Praktijk Binnen")
    os.mkfifo(folder / "x.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "self").symlink_to(".")
    (folder / "parent").symlink_to("..")
    outside = tmp_path / "buiten"
    good_file(outside / "geheim.json", "Praktijk Buiten")
    (folder / "link-buiten.json").symlink_to(outside / "geheim.json")
    (folder / "map-buiten").symlink_to(outside)
    (folder / "link-binnen.json").symlink_to(folder / "sub" / "binnen.json")
    (folder / "weg.json").symlink_to(folder / "bestaat-niet.json")
    (folder / "lus.json").symlink_to(folder / "lus.json")
    return folder


EXPECTED = {
    "goed.json": "",
    "sub/binnen.json": "",
    "link-binnen.json": "",
    "x.json": "named pipe",
    "zero.json": "koppeling naar een bestand buiten de werkmap (/dev/zero)",
    "link-buiten.json": "koppeling naar een bestand buiten de werkmap",
    "map-buiten": "koppeling naar een map buiten de werkmap",
    "parent": "koppeling naar een map buiten de werkmap",
    "weg.json": "bestand dat niet bestaat",
    "lus.json": "koppelingen",
}


def test_pipes_devices_loops_and_links_out_are_rows_that_say_why(
    hostile: Path, tmp_path: Path
) -> None:
    rows = rows_by_name(hostile, tmp_path / "index.sqlite")
    assert set(rows) == set(EXPECTED)
    for name, words in EXPECTED.items():
        assert words in rows[name].problem, (name, rows[name].problem)
    assert rows["link-binnen.json"].provider == "Praktijk Binnen"  # inside: read
    assert not any("Buiten" in row.provider for row in rows.values())  # outside: never read


def test_the_command_line_never_hangs_on_them(hostile: Path, tmp_path: Path) -> None:
    done = werkmap_in_child(hostile, tmp_path / "home")
    assert done.returncode == 0, done.stderr
    problems = {Path(row["path"]).name: row["problem"] for row in json.loads(done.stdout)}
    assert "named pipe" in problems["x.json"] and "buiten de werkmap" in problems["zero.json"]
    assert "Traceback" not in done.stderr


def test_the_window_s_werkmap_reader_never_hangs_on_them(
    qtbot, hostile: Path, tmp_path: Path
) -> None:
    from caresq_desk.gui.werkmap_window import ScanWorker

    worker = ScanWorker(hostile, REGISTRY, tmp_path / "index.sqlite")
    with qtbot.waitSignal(worker.done, timeout=HANG_LIMIT * 1000) as signal:
        worker.run()
    rows, _read, error, _folders = signal.args
    assert error == "" and len(rows) == len(EXPECTED)


def test_only_regular_files_are_read_and_never_past_the_limit(tmp_path: Path) -> None:
    from caresq_desk.core.common.bounded import FileTooLargeError, read_regular_file
    from caresq_desk.core.document.files import AssessmentFileError, read_assessment_bytes

    pipe = tmp_path / "pijp.json"
    os.mkfifo(pipe)
    for path, words in ((pipe, "named pipe"), (Path("/dev/zero"), "apparaat"),
                        (tmp_path, "map")):  # fmt: skip
        with pytest.raises(AssessmentFileError) as caught:
            read_assessment_bytes(path)
        assert caught.value.problem == "geen_bestand" or words == "map"
        assert words in caught.value.detail
    big = tmp_path / "groot.json"
    big.write_bytes(b"x" * 1001)
    assert read_regular_file(big, 1001) == b"x" * 1001
    with pytest.raises(FileTooLargeError):
        read_regular_file(big, 1000)


def test_a_loop_of_links_says_so_in_dutch() -> None:
    import errno

    assert "koppelingen" in describe_os_error(OSError(errno.ELOOP, "Too many levels"))
    assert "Too many" not in describe_os_error(OSError(errno.ELOOP, "Too many levels"))
    unknown = describe_os_error(OSError(errno.EPROTO, "Protocol error"))
    assert "Protocol" not in unknown and "EPROTO" in unknown


# -- 2: a saved result that is not one ------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda r: r.update(tier="A"),
        lambda r: r.update(tier=3),
        lambda r: r.update(tier=["A"]),
        lambda r: r.update(criteria=7),
        lambda r: r.update(criteria=["x"]),
        lambda r: r["criteria"][0].update(id=5),
        lambda r: r.update(verdict=["voldoet"]),
    ],
)
def test_a_broken_saved_result_is_a_row_with_its_reason_not_a_lost_werkmap(
    tmp_path: Path, damage, capsys
) -> None:
    folder = tmp_path / "ronde"
    good_file(folder / "goed.json")
    broken = good_file(folder / "kapot-resultaat.json", "Praktijk Kapot")
    data = json.loads(broken.read_text(encoding="utf-8"))
    damage(data["result"])
    broken.write_text(json.dumps(data), encoding="utf-8")
    rows = rows_by_name(folder, tmp_path / "index.sqlite")
    assert rows["goed.json"].problem == ""
    assert "het opgeslagen resultaat is beschadigd" in rows["kapot-resultaat.json"].problem
    capsys.readouterr()
    assert main(["assess", str(broken)]) == 2  # refused there too, with the same reason
    assert "opgeslagen resultaat is beschadigd" in capsys.readouterr().err


def test_a_file_that_says_ja_where_true_belongs_is_told_so(tmp_path: Path, capsys) -> None:
    path = good_file(tmp_path / "ja.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["answers"]["richtlijnen"] = "ja"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["assess", str(path)]) == 2
    err = capsys.readouterr().err
    assert "moet true of false bevatten" in err and "niet de tekst 'ja'" in err


# -- 3: names that are not UTF-8 ------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_a_row_shown_with_replacement_characters(
    tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "ronde"
    good_file(folder / "goed.json")
    raw = os.fsencode(folder) + b"/praktijk-\xff\xfe.json"
    good_file(Path(os.fsdecode(raw)), "Praktijk Latin-1")
    rows = rows_by_name(folder, tmp_path / "index.sqlite")
    assert set(rows) == {"goed.json", "praktijk-\ufffd\ufffd.json"}
    assert rows["praktijk-\ufffd\ufffd.json"].provider == "Praktijk Latin-1"
    again = rows_by_name(folder, tmp_path / "index.sqlite")  # and from the index
    assert again["praktijk-\ufffd\ufffd.json"].provider == "Praktijk Latin-1"
    assert main(["werkmap", str(folder)]) == 0
    assert "praktijk-\ufffd\ufffd.json: Praktijk Latin-1" in capsys.readouterr().out


# -- 5 and 6: the index ---------------------------------------------------------------------------


def test_the_index_never_shows_another_folder_s_file_under_the_same_relative_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    one = good_file(first / "ronde" / "x.json", "AAAA")
    other = good_file(second / "ronde" / "x.json", "BBBB")
    assert one.stat().st_size == other.stat().st_size
    os.utime(other, ns=(one.stat().st_atime_ns, one.stat().st_mtime_ns))
    index_path = tmp_path / "index.sqlite"
    monkeypatch.chdir(first)
    [row] = WerkmapIndex(index_path).scan(Path("ronde"), REGISTRY)[0]
    assert row.provider == "AAAA"
    monkeypatch.chdir(second)
    rows, read = WerkmapIndex(index_path).scan(Path("ronde"), REGISTRY)
    assert [row.provider for row in rows] == ["BBBB"] and read == 1


def test_a_file_replaced_by_another_with_the_same_size_and_time_is_read_again(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "ronde"
    path = good_file(folder / "x.json", "AAAA")
    index_path = tmp_path / "index.sqlite"
    WerkmapIndex(index_path).scan(folder, REGISTRY)
    before = path.stat()
    replacement = good_file(tmp_path / "nieuw.json", "BBBB")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    replacement.replace(path)  # another inode, same name, size and time
    [row] = WerkmapIndex(index_path).scan(folder, REGISTRY)[0]
    assert row.provider == "BBBB"


@pytest.mark.parametrize(
    "damaged_row",
    ["[]", "{}", '{"path": 5}', "not json", json.dumps({"changes": 5}), "null"],
)
def test_a_damaged_index_row_is_read_again_not_a_crash(tmp_path: Path, damaged_row: str) -> None:
    folder = tmp_path / "ronde"
    good_file(folder / "x.json", "AAAA")
    index_path = tmp_path / "index.sqlite"
    WerkmapIndex(index_path).scan(folder, REGISTRY)
    with sqlite3.connect(index_path) as db:
        db.execute("update files set row = ?", (damaged_row,))
    rows, read = WerkmapIndex(index_path).scan(folder, REGISTRY)
    assert [row.provider for row in rows] == ["AAAA"] and read == 1


def test_a_row_with_the_wrong_type_in_one_field_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "ronde"
    good_file(folder / "x.json", "AAAA")
    index_path = tmp_path / "index.sqlite"
    WerkmapIndex(index_path).scan(folder, REGISTRY)
    with sqlite3.connect(index_path) as db:
        [(text,)] = db.execute("select row from files")
        row = json.loads(text)
        db.execute("update files set row = ?", (json.dumps(row | {"changed": "ja"}),))
    rows, read = WerkmapIndex(index_path).scan(folder, REGISTRY)
    assert rows[0].changed is False and read == 1


# -- fuzz: mutated files and folders --------------------------------------------------------------

TRICKS = ["fifo", "dev", "self", "parent", "out_file", "out_dir", "dangling", "loop", "bad_name",
          "dir_named_json", "empty", "huge_claim", "nested"]  # fmt: skip


def _mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        position = rng.randrange(len(data)) if data else 0
        if choice < 0.4 and data:
            data[position] = rng.randrange(256)
        elif choice < 0.7:
            data[position:position] = rng.choice(
                [b'"', b"{", b"]", b"\\u0000", b"\\udc80", b"null", b"1e999", b'"ja"', b"-1"]
            )
        elif data:
            del data[position : position + rng.randint(1, 40)]
    return bytes(data)


def _trick(folder: Path, outside: Path, number: int, rng: random.Random) -> None:
    trick = rng.choice(TRICKS)
    name = folder / f"t{number}.json"
    if trick == "fifo":
        os.mkfifo(name)
    elif trick == "dev":
        name.symlink_to(rng.choice(["/dev/zero", "/dev/null", "/dev/urandom"]))
    elif trick == "self":
        (folder / f"self{number}").symlink_to(".")
    elif trick == "parent":
        (folder / f"parent{number}").symlink_to("..")
    elif trick == "out_file":
        name.symlink_to(outside / "geheim.json")
    elif trick == "out_dir":
        (folder / f"buiten{number}").symlink_to(outside)
    elif trick == "dangling":
        name.symlink_to(folder / "nergens.json")
    elif trick == "loop":
        name.symlink_to(name)
    elif trick == "bad_name":
        Path(os.fsdecode(os.fsencode(folder) + b"/t%d-\xff.json" % number)).write_bytes(b"{}")
    elif trick == "dir_named_json":
        name.mkdir()
    elif trick == "empty":
        name.write_bytes(b"")
    elif trick == "huge_claim":
        name.write_bytes(b'{"format": "caresq-desk/beoordeling", "answers": ' + b"[" * 5000)
    else:
        good_file(folder / "diep" / f"d{number}" / "x.json")


def test_fuzzed_folders_give_a_row_per_entry_and_never_a_traceback(tmp_path: Path) -> None:
    rng = random.Random(26)
    template = good_file(tmp_path / "sjabloon.json").read_bytes()
    outside = tmp_path / "buiten"
    good_file(outside / "geheim.json", "Praktijk Buiten")
    index_path = tmp_path / "index.sqlite"
    cases = 0
    for folder_number in range(6):
        folder = tmp_path / f"ronde{folder_number}"
        folder.mkdir()
        for number in range(50):
            if rng.random() < 0.75:
                (folder / f"f{number}.json").write_bytes(_mutate(template, rng))
            else:
                _trick(folder, outside, number, rng)
            cases += 1
        listed = find_files(folder)
        for _ in range(2):  # cold, then from the index
            rows, _ = WerkmapIndex(index_path).scan(folder, REGISTRY)
            assert len(rows) == len(listed)
            assert all(isinstance(row.problem, str) for row in rows)
            assert not any("Buiten" in row.provider for row in rows)
            for row in rows:
                if row.problem == "" and row.path.endswith(".json"):
                    load_assessment(Path(row.path))  # what is shown as read, reads
    assert cases == 300
