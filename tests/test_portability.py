"""Windows and macOS (issue 22): what can be checked here. The build workflow and its files, and
a test per difference between the platforms that can be simulated on Linux: names Windows
refuses, paths that are too long, line endings, names that differ only in case, the folders."""

from __future__ import annotations

import json
import re
import struct
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from caresq_desk.core.common import paths
from caresq_desk.core.document.files import load_assessment, save_assessment
from caresq_desk.core.document.session import SaveFailed, Session
from caresq_desk.core.model.assessment import Provider
from caresq_desk.core.policy.registry import Registry
from tests.conftest import ROOT, fysio, make_assessment

REGISTRY = Registry.load()
PZ = REGISTRY.get("paramedische-zorg-2026")
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)


def windows_refuses(name: str) -> str:
    """Why Windows would refuse ``name`` as a file name ('' when it would not)."""
    if any(ch in '<>:"/\\|?*' or ord(ch) < 32 for ch in name):
        return "forbidden character"
    if name.endswith((".", " ")):
        return "trailing dot or space"
    if WINDOWS_RESERVED.match(name):
        return "reserved name"
    if not name or len(name) > 255:
        return "length"
    return ""


# -- the build workflow --------------------------------------------------------------------------


def test_the_release_workflow_builds_tests_and_packs_on_every_platform() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert {job["runs-on"] for job in jobs.values()} == {
        "ubuntu-latest", "windows-latest", "macos-latest"}  # fmt: skip
    for name, job in jobs.items():
        script = "\n".join(step.get("run", "") for step in job["steps"])
        setup = "scripts\\setup.ps1" if name == "windows" else "scripts/setup.sh"
        assert setup in script, name  # the README's setup
        assert "-m pytest" in script, name
        assert "--self-test" in script or "packaging/build.sh" in script, name
        for step in job["steps"]:
            if "Sign" in step.get("name", ""):
                assert step["if"].startswith("${{ env."), "signing runs only with its secret"
    assert "ISCC.exe" in "\n".join(s.get("run", "") for s in jobs["windows"]["steps"])
    assert "hdiutil create" in "\n".join(s.get("run", "") for s in jobs["macos"]["steps"])


def test_the_linux_job_builds_as_packaging_build_sh_does_here() -> None:
    """The same script as the packaging test runs (tests/test_packaging.py)."""
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    linux = "\n".join(step.get("run", "") for step in jobs["linux"]["steps"])
    assert "bash packaging/build.sh" in linux
    assert (ROOT / "packaging" / "build.sh").is_file()


def test_the_installer_files_are_there_and_well_formed(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "packaging"))
    from platform_icons import main as make_icons

    assert make_icons([str(tmp_path)]) == 0
    ico = (tmp_path / "caresq-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    for index in range(count):  # every entry points at PNG data inside the file
        *_, size, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * index : 22 + 16 * index])
        assert ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + size <= len(ico)
    icns = (tmp_path / "caresq-desk.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    position, kinds = 8, []
    while position < len(icns):
        kinds.append(icns[position : position + 4])
        position += struct.unpack(">I", icns[position + 4 : position + 8])[0]
    assert position == len(icns) and {b"ic07", b"ic08", b"ic09"} <= set(kinds)
    iss = (ROOT / "packaging" / "caresq-desk.iss").read_text(encoding="utf-8")
    assert re.search(r"AppId=\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", iss)
    assert "PrivilegesRequired=lowest" in iss and "Dutch.isl" in iss


def test_setup_runs_on_macos_bash_and_windows_has_its_own() -> None:
    """macOS has bash 3.2, without associative arrays: they are only used on Linux."""
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    linux_block = setup.split('if [ "$(uname -s)" = Linux ]; then', 1)
    assert len(linux_block) == 2 and "declare -A" not in linux_block[0]
    assert subprocess.run(["bash", "-n", "scripts/setup.sh"], cwd=ROOT, check=False).returncode == 0
    ps1 = (ROOT / "scripts" / "setup.ps1").read_text(encoding="utf-8")
    assert '"-e", ".[dev]"' in ps1 and "3, 11" in ps1
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scripts\\setup.ps1" in readme


# -- names, paths and folders --------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Fysio: De Brug?", "CON", "aux.json", "Praktijk.", "Praktijk ", 'a<b>c"d|e*', "tab\tnaam",
     "x" * 300, "   ", "'s-Hertogenbosch & Co"],
)  # fmt: skip
def test_a_suggested_file_name_is_one_windows_accepts(tmp_path: Path, name: str) -> None:
    session = Session(PZ, "fysiotherapie")
    assessment = make_assessment(PZ, "fysiotherapie", fysio())
    assessment = assessment.model_copy(update={"provider": Provider(name=name[:300])})
    suggested = session.suggested_path(assessment, tmp_path)
    assert suggested.parent == tmp_path and suggested.suffix == ".json"
    assert windows_refuses(suggested.name) == ""
    assert windows_refuses(suggested.stem) == ""


@given(st.text(max_size=120))
def test_every_title_becomes_a_name_windows_accepts(title: str) -> None:
    for suffix in ("", ".pdf", ".xlsx"):
        assert windows_refuses(paths.safe_file_name(title) + suffix) == ""


def test_a_path_too_long_is_told_in_dutch_and_the_old_file_stays(tmp_path: Path) -> None:
    """Beyond 260 characters Windows refuses a path unless long paths are enabled; here a name
    beyond the file system's 255 bytes gives the same error (ENAMETOOLONG)."""
    session = Session(PZ, "fysiotherapie")
    assessment = make_assessment(PZ, "fysiotherapie", fysio())
    target = tmp_path / ("lang" * 70 + ".json")
    assert len(str(target)) > 260
    outcome = session.save(assessment, None, None, target=target, documents=tmp_path)  # type: ignore[arg-type]
    assert isinstance(outcome, SaveFailed)
    from caresq_desk.core.common.oserrors import describe_os_error

    assert "te lang" in describe_os_error(outcome.error)
    assert list(tmp_path.iterdir()) == []


def test_windows_line_endings_read_and_saves_write_the_same_bytes_everywhere(
    tmp_path: Path,
) -> None:
    path = tmp_path / "crlf.json"
    save_assessment(path, make_assessment(PZ, "fysiotherapie", fysio()))
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assessment, _ = load_assessment(path)
    assert assessment.answers == fysio()
    save_assessment(path, assessment)
    assert b"\r\n" not in path.read_bytes()  # written as bytes: no platform translation


def test_names_that_differ_only_in_case_are_two_rows(tmp_path: Path) -> None:
    """On a case-insensitive folder (Windows, macOS) they would be one file; here they are two,
    and the werkmap keeps them apart (its index is keyed by the exact path)."""
    from caresq_desk.core.werkmap.index import WerkmapIndex

    for name in ("Brug.json", "brug.json"):
        save_assessment(tmp_path / name, make_assessment(PZ, "fysiotherapie", fysio()))
    rows, _ = WerkmapIndex(tmp_path / "index.sqlite").scan(tmp_path, REGISTRY)
    assert sorted(Path(row.path).name for row in rows) == ["Brug.json", "brug.json"]


def test_the_user_folders_follow_platformdirs_on_every_platform(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs
    import platformdirs.macos

    monkeypatch.delenv("CARESQ_DESK_HOME", raising=False)
    assert paths.data_dir() == Path(platformdirs.user_data_dir(paths.APP_NAME, paths.APP_AUTHOR))
    assert paths.config_dir() == Path(
        platformdirs.user_config_dir(paths.APP_NAME, paths.APP_AUTHOR)
    )
    assert paths.cache_dir() == Path(platformdirs.user_cache_dir(paths.APP_NAME, paths.APP_AUTHOR))
    # What the macOS build will use, computed here: no folder of another application.
    mac = platformdirs.macos.MacOS(paths.APP_NAME, paths.APP_AUTHOR)
    assert mac.user_data_dir.endswith("Library/Application Support/caresq-desk")
    assert json.dumps(str(paths.recovery_dir())).count("herstel") == 1
