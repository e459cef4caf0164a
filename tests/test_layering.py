"""The layer rule: the store and the core services load without any interface library."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import importlib, json, pkgutil, sys
INTERFACES = ("workbench.cli", "workbench.tui", "workbench.__main__", "store.migrations")
modules = []
def walk(package):
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if info.name.startswith(INTERFACES):
            continue
        module = importlib.import_module(info.name)
        modules.append(info.name)
        if info.ispkg:
            walk(module)
for root in ("store", "workbench"):
    walk(importlib.import_module(root))
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "typer", "click"})
print(json.dumps({"modules": modules, "interface_modules": loaded}))
"""


def test_core_and_store_import_no_interface_library() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    assert "workbench.claims" in result["modules"] and "store.audit" in result["modules"]
    assert result["interface_modules"] == []


def test_store_does_not_import_the_workbench() -> None:
    probe = (
        "import sys, store, store.audit, store.database; print([m for m in sys.modules if m.startswith('workbench')])"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_the_review_workbench_opens_without_what_only_later_actions_need() -> None:
    """Its first frame waits for the store and Textual only: the extractors, importers and NumPy load on first use."""
    probe = (
        "import sys, store, workbench.tui.app; "
        "print(sorted(m for m in ('numpy', 'workbench.extract.temporal', 'workbench.extract.quantities', "
        "'workbench.sources', 'workbench.suggest', 'workbench.embeddings', 'pint') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_the_review_workbench_changes_the_store_only_through_core_services() -> None:
    """The TUI reads through ``workbench.read`` and writes through the services: no SQL of its own."""
    import ast
    from pathlib import Path

    import workbench.tui

    offences = []
    for path in Path(workbench.tui.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                offences += [
                    f"{path.name}: imports {n}" for n in names if n.split(".")[0] in {"sqlalchemy", "sqlmodel"}
                ]
            if isinstance(node, ast.Attribute) and node.attr in {"write", "execute", "add", "commit", "connect"}:
                offences.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert offences == []


def test_the_core_contract_names_every_module_but_the_interfaces() -> None:
    """The import-linter contract for the core lists its modules; a new one must join the list."""
    import pkgutil
    import tomllib
    from pathlib import Path

    import workbench

    root = Path(workbench.__file__).resolve().parent
    config = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))
    [core] = [c for c in config["tool"]["importlinter"]["contracts"] if c.get("id") == "core"]
    interfaces = {"workbench.cli", "workbench.tui", "workbench.__main__"}
    modules = {f"workbench.{info.name}" for info in pkgutil.iter_modules([str(root)])} - interfaces
    assert set(core["source_modules"]) == modules
