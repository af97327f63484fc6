"""Reads of the OrganTree projection: list, tree and one organ at (valid_at, position)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

from projections.bitemporal import day, from_day, stabbing, stabbing_params
from projections.ids import uuid_of
from projections.organ_tree import VERSIONS
from projections.projection import OPEN
from projections.sorting import search_pattern, sort_key
from projections.sql import Cursor, Dialect, Row

COLUMNS = ", ".join(
    f"v.{c}"
    for c in (*VERSIONS.content, "valid_from", "valid_to", "recorded_from", "recorded_to")
    if c != "sort_key"
)


@dataclass(frozen=True)
class OrganVersion:
    """One organ over one span of valid time, as recorded over one span of positions."""

    organ_id: UUID
    organisation_id: UUID
    name: str
    kind: str
    group_type: str | None
    governance_level: str | None
    code: str | None
    parent_id: UUID | None
    principal_ids: tuple[UUID, ...]
    valid_from: date
    valid_to: date | None
    recorded_from: int
    recorded_to: int | None


@dataclass(frozen=True)
class ListedOrgan(OrganVersion):
    """An organ in a list; found by a name search, with the name that matched."""

    matched_name: str | None = None
    """Its name on the date when that matched, else the latest earlier name that did."""

    @property
    def former(self) -> bool | None:
        """Whether it was found by a name it had before the date (None: no name search)."""
        return None if self.matched_name is None else self.matched_name != self.name


@dataclass
class TreeNode:
    organ: OrganVersion
    children: list[TreeNode] = field(default_factory=list)
    collaborations: list[OrganVersion] = field(default_factory=list)


@dataclass(frozen=True)
class Related:
    organ_id: UUID
    name: str
    effective_on: date | None = None


@dataclass(frozen=True)
class OrganDetail:
    state: OrganVersion
    established_on: date
    dissolved_on: date | None
    parent: Related | None
    children: list[Related]
    predecessors: list[Related]
    successors: list[Related]
    versions: list[OrganVersion]


@dataclass(frozen=True)
class OrganFilter:
    organisation_id: UUID | None = None
    kind: str | None = None
    parent_id: UUID | None = None
    name_contains: str | None = None
    """Part of its name on the date, or of a name it had before."""


class OrganTreeView:
    requires = ("organ_tree",)

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect

    def at(self, cursor: Cursor, on: date, position: int) -> list[OrganVersion]:
        """Every organ existing on the date as known at the position, by name."""
        source, where = stabbing(self.dialect, VERSIONS.name)
        cursor.execute(
            f"SELECT {COLUMNS} FROM {source} WHERE {where} ORDER BY v.sort_key, v.organ_id",
            stabbing_params(self.dialect, on, position),
        )
        return [_version(row) for row in cursor.fetchall()]

    def page(
        self,
        cursor: Cursor,
        on: date,
        position: int,
        where: OrganFilter,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[ListedOrgan]:
        source, stab = stabbing(self.dialect, VERSIONS.name)
        clauses, params = [stab], list[object](stabbing_params(self.dialect, on, position))
        for column, value in (
            ("organisation_id", where.organisation_id),
            ("kind", where.kind),
            ("parent_id", where.parent_id),
        ):
            if value is not None:
                clauses.append(f"v.{column} = ?")
                params.append(str(value))
        matched, matched_params = "NULL", list[object]()
        if where.name_contains:
            # The latest of its versions up to the date whose name matches: the one holding
            # on the date when its name does, else the last former name that does (by the
            # organ's own index, organ_id).
            matched = (
                f"(SELECT w.name FROM {VERSIONS.name} w WHERE w.organ_id = v.organ_id"
                " AND w.recorded_from <= ? AND w.recorded_to > ? AND w.valid_from <= ?"
                " AND w.sort_key LIKE ? ESCAPE '\\' ORDER BY w.valid_from DESC LIMIT 1)"
            )
            matched_params = [position, position, day(on), search_pattern(where.name_contains)]
            clauses.append(f"{matched} IS NOT NULL")
            params.extend(matched_params)
        if after is not None:
            clauses.append("(v.sort_key > ? OR (v.sort_key = ? AND v.organ_id > ?))")
            params.extend([after[0], after[0], after[1]])
        cursor.execute(
            f"SELECT {COLUMNS}, {matched} FROM {source} WHERE {' AND '.join(clauses)}"
            " ORDER BY v.sort_key, v.organ_id LIMIT ?",
            [*matched_params, *params, limit],
        )
        return [
            ListedOrgan(**vars(_version(row[:-1])), matched_name=row[-1])
            for row in cursor.fetchall()
        ]

    def tree(
        self, cursor: Cursor, on: date, position: int, organisation_id: UUID | None = None
    ) -> list[TreeNode]:
        """The organisation trees on a date: roots, children by name, collaborations."""
        nodes = {o.organ_id: TreeNode(o) for o in self.at(cursor, on, position)}
        roots = []
        for node in nodes.values():
            parent = nodes.get(node.organ.parent_id) if node.organ.parent_id else None
            if parent is not None:
                parent.children.append(node)
            else:
                roots.append(node)
            for principal_id in node.organ.principal_ids:
                if principal_id in nodes:
                    nodes[principal_id].collaborations.append(node.organ)
        if organisation_id is not None:
            roots = [r for r in roots if r.organ.organisation_id == organisation_id]
        return roots

    def versions(self, cursor: Cursor, organ_id: UUID, position: int) -> list[OrganVersion]:
        cursor.execute(
            f"SELECT {COLUMNS} FROM {VERSIONS.name} v WHERE v.organ_id = ?"
            " AND v.recorded_from <= ? AND v.recorded_to > ? ORDER BY v.valid_from",
            (str(organ_id), position, position),
        )
        return [_version(row) for row in cursor.fetchall()]

    def detail(self, cursor: Cursor, organ_id: UUID, on: date, position: int) -> OrganDetail | None:
        versions = self.versions(cursor, organ_id, position)
        if not versions:
            return None
        state = next((v for v in versions if _holds(v, on)), None)
        last = versions[-1]
        shown = state or (versions[0] if on < versions[0].valid_from else last)
        parent = None
        if shown.parent_id is not None:
            parent = Related(
                shown.parent_id, self.name_on(cursor, shown.parent_id, shown.valid_from, position)
            )
        children = []
        if state is not None:
            cursor.execute(
                f"SELECT v.organ_id, v.name FROM {VERSIONS.name} v WHERE v.parent_id = ?"
                " AND v.valid_from <= ? AND v.valid_to > ? AND v.recorded_from <= ?"
                " AND v.recorded_to > ? ORDER BY v.sort_key",
                (str(organ_id), day(on), day(on), position, position),
            )
            children = [Related(UUID(i), n) for i, n in cursor.fetchall()]
        return OrganDetail(
            state=shown,
            established_on=versions[0].valid_from,
            dissolved_on=last.valid_to,
            parent=parent,
            children=children,
            predecessors=self._successions(cursor, "successor_id", organ_id, on, position),
            successors=self._successions(cursor, "predecessor_id", organ_id, on, position),
            versions=versions,
        )

    def _successions(
        self, cursor: Cursor, column: str, organ_id: UUID, on: date, position: int
    ) -> list[Related]:
        other = "predecessor_id" if column == "successor_id" else "successor_id"
        cursor.execute(
            f"SELECT {other}, effective_on FROM organ_successions WHERE {column} = ?"
            " AND effective_on <= ? AND recorded_from <= ? AND recorded_to > ?",
            (str(organ_id), day(on), position, position),
        )
        found = [(UUID(i), from_day(d)) for i, d in cursor.fetchall()]
        related = [Related(i, self.name_on(cursor, i, d, position), d) for i, d in found]
        return sorted(related, key=lambda r: sort_key(r.name))

    def name_on(self, cursor: Cursor, organ_id: UUID, on: date, position: int) -> str:
        """The organ's name on the date, else its last name before it, as known at position."""
        cursor.execute(
            f"SELECT name FROM {VERSIONS.name} WHERE organ_id = ? AND recorded_from <= ?"
            " AND recorded_to > ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1",
            (str(organ_id), position, position, day(on)),
        )
        row = cursor.fetchone()
        return str(row[0]) if row else ""


def _holds(version: OrganVersion, on: date) -> bool:
    return version.valid_from <= on and (version.valid_to is None or on < version.valid_to)


@lru_cache(maxsize=4096)
def _uuids(text: str) -> tuple[UUID, ...]:
    return tuple(uuid_of(i) for i in json.loads(text))


def _version(row: Row) -> OrganVersion:
    values: Sequence[Any] = row
    return OrganVersion(
        organ_id=uuid_of(values[0]),
        organisation_id=uuid_of(values[1]),
        name=values[2],
        kind=values[3],
        group_type=values[4],
        governance_level=values[5],
        code=values[6],
        parent_id=uuid_of(values[7]) if values[7] else None,
        principal_ids=_uuids(values[8]),
        valid_from=from_day(values[9]),
        valid_to=None if values[10] == OPEN else from_day(values[10]),
        recorded_from=values[11],
        recorded_to=None if values[12] == OPEN else values[12],
    )
