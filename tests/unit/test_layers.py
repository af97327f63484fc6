"""Imports point inward (STYLE.md 1): domain ← application, projections ← interfaces."""

from __future__ import annotations

import ast
import shutil
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STDLIB = frozenset(sys.stdlib_module_names)


@dataclass(frozen=True)
class Rule:
    """What a layer may import beside the standard library, as dotted prefixes."""

    allowed: frozenset[str] | None  # None: anything not refused
    refused: frozenset[str] = frozenset()  # refused even where `allowed` covers it


RULES = {
    "domain": Rule(frozenset({"domain", "eventsourcing.domain"})),
    "application": Rule(
        frozenset({"application", "domain", "eventsourcing"}),
        # The library's store adapters (and psycopg with them) are wired in interfaces/store.
        frozenset({"eventsourcing.postgres", "eventsourcing.sqlite", "eventsourcing.popo"}),
    ),
    "projections": Rule(frozenset({"projections", "domain"})),
    # The composition root may import every layer and library, so flask, flask_smorest,
    # marshmallow, webargs, gunicorn, redis, click, … appear here and nowhere above;
    # what ships never imports the tests or the benchmarks.
    "interfaces": Rule(None, frozenset({"tests", "bench"})),
}

# Narrow exceptions, one module at a time (a projection cache over redis would be one).
EXCEPTIONS = {
    # The projections' database adapter for PostgreSQL (SQLite's needs only sqlite3).
    "projections/postgres.py": frozenset({"psycopg", "psycopg_pool"}),
    # Exact decimals as JSON numbers in the audit trail's data column, written and read
    # back (the standard library's json knows Decimal only through float); a serialiser,
    # not an arrow outward.
    "projections/audit_trail.py": frozenset({"simplejson"}),
    "projections/audit_trail_view.py": frozenset({"simplejson"}),
}


@dataclass(frozen=True, order=True)
class Violation:
    path: str
    line: int
    name: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.name}"


def imported_names(path: Path, package: str) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every import in the module, wherever it stands: at the top,
    in a function or under `if TYPE_CHECKING:`; `from a import b` names `a.b`, relative
    imports are resolved against `package`, and `import_module("x")` names `x`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module or "", node.level, package)
            for alias in node.names:
                yield node.lineno, base if alias.name == "*" else _joined(base, alias.name)
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield node.lineno, first.value


def _absolute(module: str, level: int, package: str) -> str:
    if level == 0:
        return module
    parts = package.split(".")
    if level > len(parts):  # beyond the top-level package: resolves to nothing of ours
        return "." * level + module
    return ".".join([*parts[: len(parts) - level + 1], *([module] if module else [])])


def _joined(base: str, name: str) -> str:
    return f"{base}{name}" if base.endswith(".") else f"{base}.{name}"


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Attribute):
        return func.attr == "import_module"
    return isinstance(func, ast.Name) and func.id in {"import_module", "__import__"}


def _covers(prefixes: frozenset[str], name: str) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in prefixes)


def violations(root: Path, exceptions: dict[str, frozenset[str]] = EXCEPTIONS) -> list[Violation]:
    """Every import under `root` that its layer's rule does not allow."""
    found = []
    for layer, rule in RULES.items():
        paths = sorted((root / layer).rglob("*.py"))
        assert paths, f"no modules under {root / layer}"
        for path in paths:
            relative = path.relative_to(root)
            package = ".".join(relative.parent.parts)
            allowed = exceptions.get(relative.as_posix(), frozenset())
            for line, name in imported_names(path, package):
                if name.split(".")[0] in STDLIB:
                    continue
                if not _covers(rule.refused, name) and (
                    rule.allowed is None or _covers(rule.allowed | allowed, name)
                ):
                    continue
                found.append(Violation(relative.as_posix(), line, name))
    return sorted(found)


def test_every_layer_imports_only_what_its_rule_allows() -> None:
    assert [str(v) for v in violations(ROOT)] == []


def test_every_exception_is_still_needed() -> None:
    used = {(v.path, v.name.split(".")[0]) for v in violations(ROOT, exceptions={})}
    assert used == {(path, package) for path, names in EXCEPTIONS.items() for package in names}


def test_every_package_that_ships_has_a_rule() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = project["tool"]["setuptools"]["packages"]
    assert {p.split(".")[0] for p in packages} == set(RULES)


def copy_packages(root: Path) -> None:
    for layer in RULES:
        shutil.copytree(ROOT / layer, root / layer, ignore=shutil.ignore_patterns("__pycache__"))


PLANTED = [
    ("domain/periods.py", "import flask\n", "flask"),
    ("domain/organs.py", "from eventsourcing import persistence\n", "eventsourcing.persistence"),
    ("domain/planted/deep.py", "import importlib\nimportlib.import_module('redis')\n", "redis"),
    (
        "projections/organ_tree.py",
        "\n\ndef _planted() -> None:\n    from interfaces.settings import Settings\n",
        "interfaces.settings.Settings",
    ),
    ("projections/follower.py", "import psycopg\n", "psycopg"),
    ("projections/sql.py", "from application.app import Styrlogg\n", "application.app.Styrlogg"),
    (
        "application/organs.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from marshmallow import Schema\n",
        "marshmallow.Schema",
    ),
    (
        "application/app.py",
        "from eventsourcing.postgres import PostgresFactory\n",
        "eventsourcing.postgres.PostgresFactory",
    ),
    ("interfaces/cli.py", "from tests.builders import World\n", "tests.builders.World"),
]


@pytest.mark.parametrize(("module", "planted", "name"), PLANTED)
def test_the_walk_reports_exactly_a_wrong_import_planted_in_a_copy(
    tmp_path: Path, module: str, planted: str, name: str
) -> None:
    copy_packages(tmp_path)
    target = tmp_path / module
    target.parent.mkdir(parents=True, exist_ok=True)
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(before + planted, encoding="utf-8")
    last_line = len((before + planted).splitlines())

    assert violations(tmp_path) == [Violation(module, last_line, name)]


def test_relative_imports_resolve_within_their_package(tmp_path: Path) -> None:
    copy_packages(tmp_path)
    (tmp_path / "domain" / "planted").mkdir()
    (tmp_path / "domain" / "planted" / "deep.py").write_text(
        "from .. import organs\nfrom ..periods import Period\nfrom ... import interfaces\n",
        encoding="utf-8",
    )

    assert [str(v) for v in violations(tmp_path)] == [
        "domain/planted/deep.py:3 imports ...interfaces"
    ]
