"""The installable application: a PyInstaller bundle that passes its own self-test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from caresq_desk import __version__
from caresq_desk.cli import main
from tests.conftest import ROOT


def test_self_test_passes_from_source(capsys) -> None:
    assert main(["--self-test"]) == 0
    assert "zelftest geslaagd" in capsys.readouterr().out


def test_self_test_fails_on_a_wrong_example(tmp_path: Path, capsys) -> None:
    policies = tmp_path / "beleid"
    policies.mkdir()
    source = ROOT / "policies" / "2025" / "ziekenvervoer.toml"
    (policies / source.name).write_bytes(source.read_bytes())
    examples = source.with_name("ziekenvervoer.examples.toml").read_text(encoding="utf-8")
    (policies / "ziekenvervoer.examples.toml").write_text(
        examples.replace('verdict = "geen_procedure"', 'verdict = "voldoet"', 1), encoding="utf-8"
    )
    assert main(["--beleid-map", str(policies), "--self-test"]) == 1
    assert "regisseur-voldoet" in capsys.readouterr().err


def test_version_comes_from_the_package(capsys) -> None:
    try:
        main(["--version"])
    except SystemExit as stop:
        assert stop.code == 0
    assert capsys.readouterr().out.strip() == f"caresq-desk {__version__}"


def test_linux_bundle_builds_and_passes_its_self_test(tmp_path: Path) -> None:
    """Builds the one-folder bundle (about a minute) and runs it the way a user's laptop would."""
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    command = [
        str(pyinstaller),
        "--noconfirm",
        "--log-level",
        "ERROR",
        "--distpath",
        str(tmp_path / "dist"),
        "--workpath",
        str(tmp_path / "build"),
        str(ROOT / "packaging" / "caresq-desk.spec"),
    ]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=1200)
    bundle = tmp_path / "dist" / "caresq-desk"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARESQ_DESK_POLICIES")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["CARESQ_DESK_HOME"] = str(tmp_path / "home")
    completed = subprocess.run(
        [str(bundle / "caresq-desk"), "--self-test"],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "zelftest geslaagd: 5 beleidsbestanden" in completed.stdout
    assert (bundle / "_internal" / "policies" / "2026" / "paramedische-zorg.toml").exists()
    assert not list(bundle.rglob("libQt6Qml*")), "unused Qt modules are left out"

    # The Excel features load their libraries lazily: run each once from the bundle.
    def run(*args: str, code: int = 0) -> str:
        done = subprocess.run(
            [str(bundle / "caresq-desk"), *args],
            env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == code, done.stdout + done.stderr
        return done.stdout

    examples, template = tmp_path / "voorbeelden", tmp_path / "sjabloon.xlsx"
    run("example", str(examples))
    run("export", str(examples), "-o", str(tmp_path / "samenvatting.xlsx"))
    run("rapport", str(examples), "-o", str(tmp_path / "rapport.pdf"))
    assert (tmp_path / "rapport.pdf").read_bytes().startswith(b"%PDF")
    run("template", "paramedische-zorg-2026", "fysiotherapie", "-o", str(template))
    # An empty list assesses nothing: the summary is written and the exit code says so.
    out = run("batch", str(template), "-o", str(tmp_path / "leeg.xlsx"), code=1)
    assert "0 van 0 rijen beoordeeld" in out
    assert (tmp_path / "samenvatting.xlsx").stat().st_size > 0 and (tmp_path / "leeg.xlsx").exists()
