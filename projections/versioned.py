"""What the projections of things over valid time share: one table of each kind of thing's
versions, over valid × recorded time and indexed as boxes (projections.bitemporal)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from projections.bitemporal import (
    RANGE_COLUMNS,
    box_tables,
    canonical_versions,
    create_box_index,
    surrogate_key,
    sync_versions,
)
from projections.projection import Projection
from projections.sql import Cursor, Dialect, Row

ColumnType = str | Callable[[Dialect], str]
"""A column's SQL type, or what gives it for a dialect."""


@dataclass(frozen=True)
class VersionedTable:
    """Rows of `columns` (the first names the thing) with RANGE_COLUMNS and a surrogate
    `row_id`, boxed. `indexes` are (name suffix, indexed columns) of B-tree indexes."""

    name: str
    columns: tuple[tuple[str, ColumnType], ...]
    indexes: tuple[tuple[str, str], ...] = ()

    @property
    def content(self) -> tuple[str, ...]:
        """The columns a version holds beside its ranges, in the table's order."""
        return tuple(column for column, _ in self.columns)

    def tables(self, dialect: Dialect) -> list[str]:
        return [self.name, *box_tables(dialect, self.name)]

    def create(self, cursor: Cursor, dialect: Dialect) -> None:
        columns = ", ".join(
            f"{column} {kind if isinstance(kind, str) else kind(dialect)}"
            for column, kind in self.columns
        )
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.name}"
            f" ({surrogate_key(dialect)}, {columns}, {RANGE_COLUMNS})"
        )
        for suffix, indexed in self.indexes:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {self.name}_{suffix} ON {self.name} ({indexed})"
            )
        create_box_index(cursor, dialect, self.name)

    def sync(
        self,
        cursor: Cursor,
        dialect: Dialect,
        thing_id: str,
        wanted: Sequence[tuple[Any, ...]],
        position: int,
    ) -> None:
        """Makes the thing's open rows equal `wanted`: (valid_from day, valid_to day,
        *content) each (projections.bitemporal.sync_versions)."""
        key = (self.content[0], thing_id)
        sync_versions(cursor, dialect, self.name, key, self.content, wanted, position)

    def canonical(self, cursor: Cursor, dialect: Dialect, table: str) -> list[Row] | None:
        """The rows of `table` when it is this one or its boxes, without row ids."""
        return canonical_versions(cursor, dialect, self.name, self.content, table)


class VersionedProjection(Projection):
    """A projection keeping things' versions in `versioned` tables, compared (rebuilt
    against live) without their surrogate keys."""

    versioned: ClassVar[tuple[VersionedTable, ...]]

    def canonical_rows(self, cursor: Cursor, table: str) -> list[Row]:
        for versions in self.versioned:
            found = versions.canonical(cursor, self.dialect, table)
            if found is not None:
                return found
        return super().canonical_rows(cursor, table)
