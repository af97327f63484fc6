"""Remembered answers to requests sent with an `Idempotency-Key`.

Like the personal-data register, this table lives beside the projections but is no
projection: `rebuild` never touches it. A key is claimed before the request runs (so a
concurrent retry waits its turn), completed with the answer when it succeeded, and
released when it failed, so that the client may try again. What makes a write happen
once is the claim its save records in the store (application.app.Claim); this table
keeps the answers to replay. An answer older than the key's TTL is forgotten, and so is
every answer that mentions a person whose personal data is erased (`forget_naming`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from interfaces.registers.personal_data import registered
from projections.sql import Cursor, Database

TABLE = "idempotency_keys"
ABANDONED_AFTER_SECONDS = 60


def create_idempotency(cursor: Cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,"
        " claim TEXT NOT NULL, status BIGINT NOT NULL, body TEXT, headers TEXT,"
        " claimed_at BIGINT NOT NULL)"
    )


@dataclass(frozen=True)
class Claimed:
    """The key is ours: run the request, then complete or release it."""

    claim: str


@dataclass(frozen=True)
class Answered:
    """The same request was answered before: send that answer again."""

    status: int
    body: str
    headers: str


@dataclass(frozen=True)
class InProgress:
    """The same key is being used by a request still running."""


@dataclass(frozen=True)
class OtherRequest:
    """The key was used for a different request."""


Outcome = Claimed | Answered | InProgress | OtherRequest


class IdempotencyStore:
    table = TABLE

    def __init__(self, db: Database, ttl_seconds: float) -> None:
        self.db = db
        self.ttl_seconds = ttl_seconds

    def claim(self, key: str, fingerprint: str) -> Outcome:
        token = uuid.uuid4().hex
        now = int(time.time())
        with self.db.transaction() as cursor:
            cursor.execute(  # an expired key is free again, whatever it was used for
                f"DELETE FROM {TABLE} WHERE key = ? AND claimed_at <= ?", (key, self._expired())
            )
            cursor.execute(
                f"INSERT INTO {TABLE} (key, fingerprint, claim, status, claimed_at)"
                " VALUES (?, ?, ?, 0, ?) ON CONFLICT (key) DO NOTHING",
                (key, fingerprint, token, now),
            )
            cursor.execute(
                f"SELECT fingerprint, claim, status, body, headers, claimed_at FROM {TABLE}"
                " WHERE key = ?",
                (key,),
            )
            row = cursor.fetchone()
            assert row is not None
            found, claim, status, body, headers, claimed_at = row
            if found != fingerprint:
                return OtherRequest()
            if claim == token:
                return Claimed(token)
            if status:
                return Answered(int(status), str(body), str(headers))
            if claimed_at < now - ABANDONED_AFTER_SECONDS:  # its request died: take it over
                cursor.execute(
                    f"UPDATE {TABLE} SET claim = ?, claimed_at = ? WHERE key = ? AND claim = ?",
                    (token, now, key, claim),
                )
                return Claimed(token)
            return InProgress()

    def answer(self, key: str) -> Answered | None:
        """The answer kept for the key, unless it has expired."""
        with self.db.reading() as cursor:
            cursor.execute(
                f"SELECT status, body, headers FROM {TABLE}"
                " WHERE key = ? AND status <> 0 AND claimed_at > ?",
                (key, self._expired()),
            )
            row = cursor.fetchone()
        return None if row is None else Answered(int(row[0]), str(row[1]), str(row[2]))

    def _expired(self) -> float:
        """A key claimed at or before this is expired: `claimed_at` is in whole seconds,
        rounded down, so a key is forgotten never early and at most a second late."""
        return time.time() - self.ttl_seconds - 1

    def complete(
        self,
        key: str,
        fingerprint: str,
        status: int,
        body: str,
        headers: str,
        *,
        naming: Sequence[UUID] = (),
    ) -> None:
        """Keeps the answer unless one is kept already, so the first stays the answer; a
        run whose claim was taken over still keeps its answer for the same request.

        `naming` are the people whose personal data the answer carries: if one of them was
        erased since the answer was made, it is not kept (nor the key held), so that no
        erasure is undone by an answer sent while it ran; a retry is then answered from the
        claim in the store, without the name.
        """
        with self.db.transaction() as cursor:
            if naming and not registered(cursor, self.db.dialect, naming):
                cursor.execute(
                    f"DELETE FROM {TABLE} WHERE key = ? AND status = 0 AND fingerprint = ?",
                    (key, fingerprint),
                )
                return
            cursor.execute(
                f"UPDATE {TABLE} SET status = ?, body = ?, headers = ? WHERE key = ?"
                " AND status = 0 AND fingerprint = ?",
                (status, body, headers, key, fingerprint),
            )

    def forget_naming(self, cursor: Cursor, person_id: UUID) -> None:
        """Forgets, in the erasure's transaction, every kept answer that mentions the
        person, whatever its shape: an answer that carries someone's personal data always
        carries their id too (a person's `id`, a seat's `person_id`, a `Location`). A retry
        of a forgotten answer's request is answered from its claim in the store (the events
        it wrote), and writes nothing again."""
        mention = f"%{person_id}%"
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE body LIKE ? OR headers LIKE ?", (mention, mention)
        )

    def release(self, key: str, claim: str) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE key = ? AND claim = ? AND status = 0", (key, claim)
            )
