"""Generations of the projections: the live one serves reads; a new one is built beside it.

A generation is one database holding every projection's tables and tracking rows (a
SQLite file beside the store's, a PostgreSQL schema). The registers (personal data,
idempotency answers) live apart, in the projections' first database, which every
generation sees after its own tables. A table there records each generation's state
(`building`, `live`, `retired`) and the projections' versions it was built with.

When a projection's version differs from the live generation's, or a rebuild is asked
for, the next generation is built from the store while the live one keeps serving; once
it has caught up it is swapped in (one update of that table), and the one it replaced is
dropped only after a grace period, when no read can still be using it. So a rebuild never
drops tables that serve reads. A store written before generations existed has its
projections in the registers' database: it is generation 0, at version 0 throughout.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from projections.projection import TRACKING_TABLE, Projection
from projections.sql import Cursor, Database, has_table

TABLE = "projection_generations"
LEGACY = 0
RETIRED_FOR_SECONDS = 60.0
"""How long a replaced generation is kept: reads that began on it finish first."""


@dataclass(frozen=True)
class Generation:
    number: int
    state: str
    versions: dict[str, int]
    changed_at: float

    def serves(self, projection: Projection) -> bool:
        """Whether this generation holds the projection at the code's version."""
        return self.versions.get(projection.name) == projection.version


class ProjectionRebuilding(Exception):
    """A projection a read needs is at another version in the live generation: the new
    version is being built beside it."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__(
            f"the projections {', '.join(names)} are being rebuilt to a new version; retry shortly"
        )
        self.detail = str(self)


class Generations:
    def __init__(
        self,
        registers: Database,
        opener: Callable[[int], Database],
        expected: Mapping[str, int],
        creator: Callable[[Database], None] = lambda db: None,
    ) -> None:
        self.registers = registers
        self.opener = opener
        self.creator = creator
        self.expected = dict(expected)
        self._open: dict[int, Database] = {}
        self._lock = threading.Lock()

    def create(self, legacy_names: Sequence[str]) -> None:
        """Creates the table of generations; on a store that has none, records the first:
        generation 0 (the release before) when the registers hold its projections."""
        with self.registers.transaction() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (generation INTEGER PRIMARY KEY,"
                " state TEXT NOT NULL, versions TEXT NOT NULL, changed_at BIGINT NOT NULL)"
            )
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            row = cursor.fetchone()
            first = row is not None and int(row[0]) == 0
            legacy = first and _has_tracking(cursor, self.registers)
            if legacy:
                self._insert(cursor, LEGACY, "live", dict.fromkeys(legacy_names, 0))
            elif first:
                self._insert(cursor, 1, "live", self.expected)
        live = self.live()
        if live.versions == self.expected:
            # Idempotent: the tables are created if they do not exist.
            self._create_database(live.number)

    def _insert(self, cursor: Cursor, number: int, state: str, versions: Mapping[str, int]) -> None:
        cursor.execute(
            f"INSERT INTO {TABLE} (generation, state, versions, changed_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (generation) DO NOTHING",
            (number, state, json.dumps(dict(versions), sort_keys=True), int(time.time())),
        )

    def _create_database(self, number: int) -> None:
        self.creator(self.database(number))

    def all(self) -> list[Generation]:
        with self.registers.reading() as cursor:
            cursor.execute(
                f"SELECT generation, state, versions, changed_at FROM {TABLE} ORDER BY generation"
            )
            return [
                Generation(int(n), str(s), json.loads(v), float(t))
                for n, s, v, t in cursor.fetchall()
            ]

    def live(self) -> Generation:
        found = [g for g in self.all() if g.state == "live"]
        if not found:
            raise LookupError("no live generation of the projections: run `styrlogg init-db`")
        return found[-1]

    def building(self) -> Generation | None:
        return next((g for g in self.all() if g.state == "building"), None)

    def database(self, number: int) -> Database:
        if number == LEGACY:
            return self.registers
        with self._lock:
            if number not in self._open:
                self._open[number] = self.opener(number)
            return self._open[number]

    def begin(self) -> Generation:
        """The generation being built, begun now if none is (several followers may build
        the same one: each batch is applied once, under its tracking row's lock)."""
        building = self.building()
        if building is None:
            with self.registers.transaction() as cursor:
                cursor.execute(f"SELECT coalesce(max(generation), 0) FROM {TABLE}")
                row = cursor.fetchone()
                self._insert(cursor, int(row[0]) + 1 if row else 1, "building", self.expected)
            building = self.building()
            assert building is not None
            self._create_database(building.number)
        return building

    def swap(self, number: int) -> bool:
        """Makes the generation being built live, and retires the live one."""
        now = int(time.time())
        with self.registers.transaction() as cursor:
            cursor.execute(f"SELECT state FROM {TABLE} WHERE generation = ?", (number,))
            row = cursor.fetchone()
            if row is None or row[0] != "building":
                return False
            cursor.execute(
                f"UPDATE {TABLE} SET state = 'retired', changed_at = ? WHERE state = 'live'",
                (now,),
            )
            cursor.execute(
                f"UPDATE {TABLE} SET state = 'live', changed_at = ? WHERE generation = ?",
                (now, number),
            )
        return True

    def drop_retired(
        self, projections: Sequence[Projection], older_than: float = RETIRED_FOR_SECONDS
    ) -> list[int]:
        """Drops generations retired longer ago than `older_than` seconds."""
        dropped = []
        for generation in self.all():
            if generation.state != "retired" or time.time() - generation.changed_at < older_than:
                continue
            if generation.number == LEGACY:
                with self.registers.transaction() as cursor:
                    for table in [TRACKING_TABLE, *(t for p in projections for t in p.tables())]:
                        cursor.execute(f"DROP TABLE IF EXISTS {table}")
            else:
                database = self.database(generation.number)
                with self._lock:
                    self._open.pop(generation.number, None)
                database.discard()
            with self.registers.transaction() as cursor:
                cursor.execute(
                    f"UPDATE {TABLE} SET state = 'dropped' WHERE generation = ?",
                    (generation.number,),
                )
            dropped.append(generation.number)
        return dropped

    def close(self) -> None:
        with self._lock:
            for database in self._open.values():
                database.close()
            self._open.clear()
        self.registers.close()


def _has_tracking(cursor: Cursor, db: Database) -> bool:
    return has_table(cursor, db.dialect, TRACKING_TABLE)
