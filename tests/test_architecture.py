"""The core imports no Qt: every module outside gui/ can be used without PySide6."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT


def test_core_modules_do_not_load_pyside6() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import caresq_desk
        names = [m.name for m in pkgutil.walk_packages(caresq_desk.__path__, "caresq_desk.")
                 if ".gui" not in m.name and not m.name.endswith("__main__")]
        for name in names:
            importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
        print(len(names), loaded)
        sys.exit(1 if loaded else 0)
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    count = int(completed.stdout.split()[0])
    assert count >= 10  # the walk really found the core modules


# -- the house: one-way arrows ------------------------------------------------------------------

PACKAGE = ROOT / "caresq_desk"
# Each layer may import only the layers before it (and itself); gui and cli are on top.
LAYERS = [
    "caresq_desk._version",
    "caresq_desk.core.common",
    "caresq_desk.core.policy",
    "caresq_desk.core.model",
    "caresq_desk.core.rules",
    "caresq_desk.core.document",
    "caresq_desk.core.report",
    "caresq_desk.core.werkmap",
    "caresq_desk.excel",
    "caresq_desk.gui",
]


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports() -> dict[str, set[str]]:
    """Every import of every module, wherever it stands (top, function or TYPE_CHECKING)."""
    import ast

    modules = {_module_name(f): f for f in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, file in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_itself_through_others() -> None:
    assert _cycles(_imports()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def _layer(module: str) -> int | None:
    for position, layer in enumerate(LAYERS):
        if module == layer or module.startswith(layer + "."):
            return position
    return None


def test_layers_import_only_the_layers_below_them() -> None:
    wrong = []
    for module, imported in _imports().items():
        own = _layer(module)
        if own is None:
            continue  # cli and the package root stand above every layer
        for target in imported:
            theirs = _layer(target)
            if theirs is None or theirs > own:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_module_is_too_long_to_read() -> None:
    lengths = {
        _module_name(f): len(f.read_text(encoding="utf-8").splitlines())
        for f in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in lengths.items() if n > 650} == {}
    assert lengths["caresq_desk.gui.main_window"] <= 450
