"""Grants: who held which role, for which organs, from when to when (valid time), as known
at any position (recorded time). A grant's row is closed at the position its revocation
was recorded and followed by one that ends it, so a read as known before the revocation
still sees the grant whole."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import singledispatchmethod

from domain.grants import Access
from projections.projection import OPEN, Projection, Recorded
from projections.sql import Cursor

COLUMNS = (
    "grant_id",
    "principal",
    "role",
    "organ_ids",
    "valid_from",
    "valid_to",
    "decision_id",
    "granted_by",
    "granted_at",
    "reason",
    "revocation_decision_id",
    "revoked_by",
    "revoked_at",
    "revocation_reason",
)


class Grants(Projection):
    name = "grants"
    version = 1

    def tables(self) -> Sequence[str]:
        return ["grants", "grant_holders"]

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS grants (grant_id TEXT NOT NULL, principal TEXT NOT NULL,"
            " role TEXT NOT NULL, organ_ids TEXT NOT NULL, valid_from TEXT NOT NULL,"
            " valid_to TEXT, decision_id TEXT, granted_by TEXT NOT NULL,"
            " granted_at BIGINT NOT NULL, reason TEXT, revocation_decision_id TEXT,"
            " revoked_by TEXT, revoked_at BIGINT, revocation_reason TEXT,"
            " recorded_from BIGINT NOT NULL, recorded_to BIGINT NOT NULL,"
            " PRIMARY KEY (grant_id, recorded_from))"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS grants_by_principal"
            " ON grants (principal, recorded_from, recorded_to)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS grants_by_role ON grants (role, recorded_from, recorded_to)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS grant_holders (access_id TEXT PRIMARY KEY,"
            " principal TEXT NOT NULL)"
        )

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        self.apply(recorded.event, cursor, recorded.position)

    @singledispatchmethod
    def apply(self, event: object, cursor: Cursor, position: int) -> None:
        """Other events change nothing here."""

    @apply.register
    def _opened(self, event: Access.Opened, cursor: Cursor, position: int) -> None:
        cursor.execute(
            "INSERT INTO grant_holders (access_id, principal) VALUES (?, ?)",
            (str(event.originator_id), event.principal),
        )

    @apply.register
    def _granted(self, event: Access.Granted, cursor: Cursor, position: int) -> None:
        cursor.execute(
            "SELECT principal FROM grant_holders WHERE access_id = ?", (str(event.originator_id),)
        )
        holder = cursor.fetchone()
        assert holder is not None, "an Access is opened before its first grant"
        principal = holder[0]
        _insert(
            cursor,
            (
                str(event.grant_id),
                principal,
                event.role.value,
                json.dumps([str(o) for o in event.organ_ids]),
                event.effective_on.isoformat(),
                None,
                event.decision_id and str(event.decision_id),
                event.actor,
                position,
                event.reason,
                None,
                None,
                None,
                None,
            ),
            position,
        )

    @apply.register
    def _revoked(self, event: Access.Revoked, cursor: Cursor, position: int) -> None:
        cursor.execute(
            f"SELECT {', '.join(COLUMNS)} FROM grants WHERE grant_id = ? AND recorded_to = ?",
            (str(event.grant_id), OPEN),
        )
        row = cursor.fetchone()
        assert row is not None, "a revoked grant was granted before"
        held = list(row)
        cursor.execute(
            "UPDATE grants SET recorded_to = ? WHERE grant_id = ? AND recorded_to = ?",
            (position, str(event.grant_id), OPEN),
        )
        held[COLUMNS.index("valid_to")] = event.effective_on.isoformat()
        held[COLUMNS.index("revocation_decision_id")] = event.decision_id and str(event.decision_id)
        held[COLUMNS.index("revoked_by")] = event.actor
        held[COLUMNS.index("revoked_at")] = position
        held[COLUMNS.index("revocation_reason")] = event.reason
        _insert(cursor, tuple(held), position)


def _insert(cursor: Cursor, values: tuple[object, ...], position: int) -> None:
    cursor.execute(
        f"INSERT INTO grants ({', '.join(COLUMNS)}, recorded_from, recorded_to)"
        f" VALUES ({', '.join('?' * (len(COLUMNS) + 2))})",
        (*values, position, OPEN),
    )
