"""Desktop integration and the command line in Dutch: a double-clicked assessment opens,
argparse speaks Dutch, missing display libraries are named before Qt aborts."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from caresq_desk import cli, display
from caresq_desk.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_a_file_argument_is_opened_headless_it_is_assessed(tmp_path: Path, capsys) -> None:
    assert main(["example", str(tmp_path)]) == 0
    capsys.readouterr()
    example = sorted(tmp_path.glob("*.json"))[0]
    assert main([str(example)]) == 0
    assert "UITKOMST:" in capsys.readouterr().out


def test_a_mistyped_command_is_named_in_dutch(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["asses"])
    err = capsys.readouterr().err
    assert "ongeldige keuze: 'asses'" in err and "gebruik:" in err
    with pytest.raises(SystemExit):
        main(["batch"])
    assert "deze argumenten ontbreken" in capsys.readouterr().err


def test_missing_display_libraries_are_named_in_dutch(monkeypatch, capsys) -> None:
    monkeypatch.setattr(display.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(
        display.ctypes.util, "find_library", lambda name: None if "cursor" in name else name
    )
    assert display.missing_display_libraries() == ["libxcb-cursor0"]
    assert main(["gui"]) == cli.EXIT_BAD_INPUT
    assert "sudo apt-get install libxcb-cursor0" in capsys.readouterr().err


def test_desktop_file_claims_assessments_not_every_json_file() -> None:
    entry = (ROOT / "packaging" / "caresq-desk.desktop").read_text(encoding="utf-8")
    assert "MimeType=application/x-caresq-beoordeling;" in entry and "application/json" not in entry
    assert "Exec=caresq-desk %f" in entry
    mime = ElementTree.parse(ROOT / "packaging" / "caresq-desk-mime.xml").getroot()
    names = {element.get("type") for element in mime.iter() if element.get("type")}
    assert "application/x-caresq-beoordeling" in names
    assert any(e.get("value") == '"caresq-desk/beoordeling"' for e in mime.iter())
