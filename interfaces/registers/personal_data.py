"""The personal-data register: names, titles and employers of people, kept out of events.

It lives in the projections' database but is no projection: nothing in the store can
rebuild it, so `rebuild` and `check-projections` never touch it. Erasing a person deletes
their row, and in the same transaction every other register row that holds their personal
data (the kept answers of `Idempotency-Key` requests); seats and history keep the person's
id and show the name as erased.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from domain.people import PersonalDetails
from projections.sql import Cursor, Database, Dialect

TABLE = "personal_data"


def create_personal_data(cursor: Cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (person_id TEXT PRIMARY KEY,"
        " name TEXT NOT NULL, title TEXT, employer_organ_id TEXT)"
    )


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
                f"INSERT INTO {TABLE} (person_id, name, title, employer_organ_id)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
                " name = excluded.name, title = excluded.title,"
                " employer_organ_id = excluded.employer_organ_id",
                (str(person_id), details.name, details.title, employer),
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


def registered(cursor: Cursor, dialect: Dialect, people: Sequence[UUID]) -> bool:
    """Whether every one of these people still has personal data. On PostgreSQL their rows
    are locked until the transaction ends, so an erasure waits for it (SQLite's write
    transactions run one at a time)."""
    ids = sorted({str(p) for p in people})
    marks = ", ".join("?" for _ in ids)
    lock = " FOR SHARE" if dialect == "postgresql" else ""
    cursor.execute(f"SELECT person_id FROM {TABLE} WHERE person_id IN ({marks}){lock}", ids)
    return len(cursor.fetchall()) == len(ids)
