"""Imports between the layers go one way: core, vault, exchange, then kit and hq, then cli and gui.

Every module under fieldkit/ is parsed (not imported), so an import inside a function counts
as much as one at the top, and so does ``importlib.import_module("fieldkit.…")``. Whether the
layers below the GUI also *run* without Qt is tests/gui/test_infrastructure.py's
``test_layers_below_gui_import_without_pyside6``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO

PACKAGE = REPO / "fieldkit"
LOWER = frozenset({"core", "media", "vault", "exchange"})
#: The layers of fieldkit each layer may import; any may import the package itself
#: (fieldkit/__init__, ``""``: its version), which imports nothing of fieldkit.
ALLOWED: dict[str, frozenset[str]] = {
    "": frozenset(),
    #: fieldkit/version.py: the version and build id, for --version and About.
    "version": frozenset(),
    "core": frozenset({"core"}),
    #: What a file is and carries (type, metadata, stripped copy): pure, on streams.
    "media": frozenset({"core", "media"}),
    "vault": frozenset({"core", "media", "vault"}),
    "exchange": LOWER,
    "kit": LOWER | {"kit"},
    "hq": LOWER | {"hq"},
    "cli": LOWER | {"kit", "hq", "cli", "version"},
    "gui": LOWER | {"kit", "hq", "gui", "version"},
    "__main__": LOWER | {"kit", "hq", "cli", "gui"},
    #: The build (python -m fieldkit.release) freezes the app; it runs none of it.
    "release": frozenset({"release", "version"}),
}
#: The one edge from the command line to the GUI: ``fieldkit gui`` starts the desktop app,
#: imported by name inside cmd_gui so that the command line never loads Qt otherwise.
CLI_STARTS_GUI = ("fieldkit.cli.vault", "fieldkit.gui.app")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str:
    """``fieldkit.hq.dataset`` → ``hq``; ``fieldkit`` → ``""``; ``fieldkit.__main__`` → itself.

    A name of the package that is no layer (``fieldkit.__version__``) belongs to the package
    itself; the first test makes sure every module under fieldkit/ is in a known layer.
    """
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else ""


def imported(tree: ast.Module, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in ``tree``, at any depth; relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:  # ``from fieldkit import kit`` imports fieldkit.kit
                yield node.lineno, f"{base}.{alias.name}"
        elif isinstance(node, ast.Call) and _is_import_module(node.func):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield node.lineno, first.value
            else:  # a computed name would hide an edge from this test
                yield node.lineno, "<computed name>"


def _is_import_module(func: ast.expr) -> bool:
    if isinstance(func, ast.Attribute):
        return func.attr in ("import_module", "__import__")
    return isinstance(func, ast.Name) and func.id in ("import_module", "__import__")


def forbidden_imports(root: Path) -> list[str]:
    """Every import under ``root`` (fieldkit/ or a copy) that goes the wrong way, as text."""
    return [found for path in sorted(root.rglob("*.py")) for found in forbidden_in(path, root)]


def forbidden_in(path: Path, root: Path) -> list[str]:
    """The imports of one module of ``root`` that go the wrong way: one line per statement."""
    relative = path.relative_to(root.parent)
    module = module_name(REPO / relative)
    layer = layer_of(module)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: dict[str, str] = {}
    for line, target in imported(tree, module, path.name == "__init__.py"):
        where = f"{relative}:{line}"
        if target == "<computed name>":
            found.setdefault(where, f"{where} imports a module by a computed name")
        elif target.split(".")[0] == "PySide6" and layer != "gui":
            found.setdefault(where, f"{where} ({module}) imports {target}: Qt is the GUI's")
        elif not target.startswith("fieldkit.") or (module, target) == CLI_STARTS_GUI:
            continue  # another package, the package itself, or the one allowed edge
        elif layer_of(target) not in ALLOWED[layer] | {""}:
            found.setdefault(where, f"{where} ({module}) imports {target}")
    return list(found.values())


def test_every_layer_imports_only_the_layers_below_it() -> None:
    layers = {part for p in PACKAGE.rglob("*.py") for part in module_name(p).split(".")[1:2]}
    assert layers <= set(ALLOWED)  # a new layer must be given its place above
    assert forbidden_imports(PACKAGE) == []


def test_the_cli_starts_the_gui_through_its_one_allowed_edge() -> None:
    source = (PACKAGE / "cli" / "vault.py").read_text(encoding="utf-8")
    targets = {t for _, t in imported(ast.parse(source), CLI_STARTS_GUI[0], False)}
    assert CLI_STARTS_GUI[1] in targets
    assert not {t for t in targets if t.startswith("fieldkit.gui")} - {CLI_STARTS_GUI[1]}


@pytest.mark.parametrize(
    ("module", "line", "why"),
    [
        ("core/citation.py", "from fieldkit.vault import store", "core imports vault"),
        ("vault/store.py", "from fieldkit.exchange import keys", "vault imports exchange"),
        ("exchange/keys.py", "import fieldkit.kit", "exchange imports kit"),
        ("kit/export.py", "from fieldkit.hq import dataset", "kit imports hq"),
        ("hq/exports.py", "from fieldkit import kit", "hq imports kit"),
        ("hq/dataset.py", "from fieldkit.cli import common", "hq imports cli"),
        ("kit/enroll.py", "    from fieldkit.gui import app", "kit imports gui in a function"),
        ("gui/app.py", "from fieldkit.cli import main", "gui imports cli"),
        ("cli/hq.py", "import fieldkit.gui.app", "cli imports gui outside its one edge"),
        ("vault/store.py", "from PySide6 import QtCore", "vault imports Qt"),
        ("hq/dataset.py", "importlib.import_module('fieldkit.gui.app')", "hq imports gui by name"),
        ("kit/receipts.py", "importlib.import_module(NAME)", "a computed import"),
    ],
)
def test_a_forbidden_import_is_found(tmp_path: Path, module: str, line: str, why: str) -> None:
    """The check can fail: one forbidden import added to a copy of a module is named."""
    copy = tmp_path / "fieldkit" / module
    copy.parent.mkdir(parents=True)
    body = f"def _added() -> None:\n{line}\n" if line.startswith(" ") else f"{line}\n"
    copy.write_text(f"{(PACKAGE / module).read_text(encoding='utf-8')}\n{body}", encoding="utf-8")
    found = forbidden_in(copy, tmp_path / "fieldkit")
    assert len(found) == 1, why
    assert found[0].startswith(f"fieldkit/{module}:"), found


def test_no_test_module_imports_another() -> None:
    """Shared set-up lives in helpers and builders modules, never in a test module or conftest."""
    found = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, target in imported(tree, module, path.name == "__init__.py"):
            parts = target.split(".")
            if parts[0] == "tests" and any(p.startswith("test_") or p == "conftest" for p in parts):
                found.append(f"{path.relative_to(REPO)}:{line} imports {target}")
    assert found == []
