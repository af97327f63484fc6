"""The personal-data register: names, titles and employers of people, kept out of events.

It lives in the projections' database but is no projection: nothing in the store can
rebuild it, so `rebuild` and `check-projections` never touch it. Erasing a person deletes
their row; seats and history keep the person's id and show the name as erased.
"""

from __future__ import annotations

from uuid import UUID

from domain.people import PersonalDetails
from projections.sql import Cursor, Database

TABLE = "personal_data"


def create_personal_data(cursor: Cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (person_id TEXT PRIMARY KEY,"
        " name TEXT NOT NULL, title TEXT, employer_organ_id TEXT)"
    )


class SqlPersonalData:
    """Implements the application's PersonalDataRegister over one SQL database."""

    def __init__(self, db: Database) -> None:
        self.db = db

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

    def erase(self, person_id: UUID) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE person_id = ?", (str(person_id),))


def personal_details(cursor: Cursor, person_id: UUID) -> PersonalDetails | None:
    cursor.execute(
        f"SELECT name, title, employer_organ_id FROM {TABLE} WHERE person_id = ?",
        (str(person_id),),
    )
    row = cursor.fetchone()
    if row is None:
        return None
    return PersonalDetails(row[0], row[1], UUID(row[2]) if row[2] else None)
