"""The personal-data register: names, titles and employers of people, kept out of events.

It lives in the projections' database but is no projection: nothing in the store can
rebuild it, so `rebuild` and `check-projections` never touch it. Erasing a person deletes
their row, and in the same transaction every other register row that holds their personal
data (the kept answers of `Idempotency-Key` requests); seats and history keep the person's
id and show the name as erased.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from domain.people import PersonalDetails
from projections.sorting import search_pattern, sort_key
from projections.sql import Cursor, Database, Dialect

TABLE = "personal_data"


def create_personal_data(cursor: Cursor, dialect: Dialect) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (person_id TEXT PRIMARY KEY,"
        " name TEXT NOT NULL, title TEXT, employer_organ_id TEXT)"
    )
    add_name_keys(cursor, dialect)


def add_name_keys(cursor: Cursor, dialect: Dialect) -> None:
    """The folded key of each name (projections.sorting), for name search and order. A
    register made before it (release 0.4.0 and earlier) gains the column and every row its
    key here, when `init-db` runs; a row written since has it already."""
    if dialect == "postgresql":
        cursor.execute(f'ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS name_key TEXT COLLATE "C"')
    else:
        cursor.execute(f"SELECT 1 FROM pragma_table_info('{TABLE}') WHERE name = 'name_key'")
        if cursor.fetchone() is None:
            cursor.execute(f"ALTER TABLE {TABLE} ADD COLUMN name_key TEXT")
    cursor.execute(f"SELECT person_id, name FROM {TABLE} WHERE name_key IS NULL")
    keys = [(sort_key(name), person_id) for person_id, name in cursor.fetchall()]
    cursor.executemany(f"UPDATE {TABLE} SET name_key = ? WHERE person_id = ?", keys)
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_by_name ON {TABLE} (name_key, person_id)")


class KeptAnswers(Protocol):
    """Another register that may hold personal data (interfaces.registers.idempotency)."""

    table: str

    def forget_naming(self, cursor: Cursor, person_id: UUID) -> None: ...


class SqlPersonalData:
    """Implements the application's PersonalDataRegister over one SQL database."""

    def __init__(self, db: Database, answers: KeptAnswers | None = None) -> None:
        self.db = db
        self.answers = answers

    def put(self, person_id: UUID, details: PersonalDetails) -> None:
        employer = str(details.employer_organ_id) if details.employer_organ_id else None
        with self.db.transaction() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (person_id, name, title, employer_organ_id, name_key)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
                " name = excluded.name, title = excluded.title,"
                " employer_organ_id = excluded.employer_organ_id, name_key = excluded.name_key",
                (str(person_id), details.name, details.title, employer, sort_key(details.name)),
            )

    def get(self, person_id: UUID) -> PersonalDetails | None:
        with self.db.reading() as cursor:
            return personal_details(cursor, person_id)

    def erase(self, *person_ids: UUID) -> None:
        """Deletes the people's rows and every kept answer that names them, then has the
        database drop what the deleted rows left behind (PostgreSQL: VACUUM; SQLite, which
        overwrites deleted rows with zeros: a truncated write-ahead log)."""
        tables = [TABLE]
        with self.db.transaction() as cursor:
            for person_id in person_ids:
                # The row first: on PostgreSQL its lock makes an answer being kept meanwhile
                # wait for this transaction, and then see that the person is erased.
                cursor.execute(f"DELETE FROM {TABLE} WHERE person_id = ?", (str(person_id),))
                if self.answers is not None:
                    self.answers.forget_naming(cursor, person_id)
        if self.answers is not None:
            tables.append(self.answers.table)
        self.db.purge_deleted(tables)


def personal_details(cursor: Cursor, person_id: UUID) -> PersonalDetails | None:
    cursor.execute(
        f"SELECT name, title, employer_organ_id FROM {TABLE} WHERE person_id = ?",
        (str(person_id),),
    )
    row = cursor.fetchone()
    if row is None:
        return None
    return PersonalDetails(row[0], row[1], UUID(row[2]) if row[2] else None)


@dataclass(frozen=True)
class RegisteredPerson:
    person_id: UUID
    details: PersonalDetails
    name_key: str


def people_named(
    cursor: Cursor,
    name_contains: str | None,
    position: int,
    after: tuple[str, str] | None,
    limit: int,
) -> list[RegisteredPerson]:
    """People with personal data (an erased person has none) registered at or before
    `position` (by the audit trail's first event of theirs), by name; with `name_contains`,
    those whose name holds it."""
    clauses = [
        "EXISTS (SELECT 1 FROM audit_events a WHERE a.aggregate_id = p.person_id"
        " AND a.version = 1 AND a.position <= ?)"
    ]
    params: list[object] = [position]
    if name_contains:
        clauses.append("p.name_key LIKE ? ESCAPE '\\'")
        params.append(search_pattern(name_contains))
    if after is not None:
        clauses.append("(p.name_key > ? OR (p.name_key = ? AND p.person_id > ?))")
        params.extend([after[0], after[0], after[1]])
    cursor.execute(
        f"SELECT p.person_id, p.name, p.title, p.employer_organ_id, p.name_key FROM {TABLE} p"
        f" WHERE {' AND '.join(clauses)} ORDER BY p.name_key, p.person_id LIMIT ?",
        [*params, limit],
    )
    return [
        RegisteredPerson(UUID(i), PersonalDetails(n, t, UUID(e) if e else None), k)
        for i, n, t, e, k in cursor.fetchall()
    ]


def registered(cursor: Cursor, dialect: Dialect, people: Sequence[UUID]) -> bool:
    """Whether every one of these people still has personal data. On PostgreSQL their rows
    are locked until the transaction ends, so an erasure waits for it (SQLite's write
    transactions run one at a time)."""
    ids = sorted({str(p) for p in people})
    marks = ", ".join("?" for _ in ids)
    lock = " FOR SHARE" if dialect == "postgresql" else ""
    cursor.execute(f"SELECT person_id FROM {TABLE} WHERE person_id IN ({marks}){lock}", ids)
    return len(cursor.fetchall()) == len(ids)
