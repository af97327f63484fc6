"""Imports point inward: domain ← application, projections ← interfaces."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = {"domain", "application", "projections", "interfaces"}
ALLOWED = {
    "domain": set(),
    "application": {"domain"},
    "projections": {"domain"},
    "interfaces": OURS,
}
ONLY_IN_INTERFACES = {
    "flask",
    "flask_smorest",
    "marshmallow",
    "webargs",
    "werkzeug",
    "gunicorn",
    "click",
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_inward(layer: str) -> None:
    wrong = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        imports = imported_packages(path)
        outward = (imports & OURS) - ALLOWED[layer] - {layer}
        web = imports & ONLY_IN_INTERFACES if layer != "interfaces" else set()
        if outward or web:
            wrong.append(f"{path.relative_to(ROOT)} imports {sorted(outward | web)}")
    assert wrong == []


def test_the_walk_sees_a_wrong_arrow(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from interfaces.bootstrap import bootstrap\nimport flask\n")
    assert imported_packages(module) == {"interfaces", "flask"}
