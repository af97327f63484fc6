"""No dead code: vulture finds nothing unused but what a library or a value uses by name."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from fnmatch import fnmatchcase
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["vulture"]
WHITELIST = ROOT / "tests" / "vulture_whitelist.py"


def test_vulture_finds_no_unused_code() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "vulture"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.stderr == ""
    # Delete what nothing uses; what a library uses by name goes in tests/vulture_whitelist.py.
    assert run.stdout.splitlines() == []
    assert run.returncode == 0


def test_every_exemption_still_names_something_in_the_code() -> None:
    trees = [
        ast.parse(path.read_text(encoding="utf-8"))
        for folder in CONFIG["paths"]
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != WHITELIST
    ]
    defined = {name for tree in trees for name in _defined_names(tree)}
    decorators = {name for tree in trees for name in _decorator_names(tree)}
    whitelisted = {
        node.attr
        for node in ast.walk(ast.parse(WHITELIST.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "used"
    }

    assert sorted(whitelisted - defined) == []
    assert [p for p in CONFIG["ignore_names"] if not any(fnmatchcase(n, p) for n in defined)] == []
    assert sorted(set(CONFIG["ignore_decorators"]) - decorators) == []


def _defined_names(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
        elif isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Store):
            yield node.id if isinstance(node, ast.Name) else node.attr
        elif isinstance(node, ast.arg):
            yield node.arg


def _decorator_names(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                yield "@" + ast.unparse(target)
