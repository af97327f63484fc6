"""API tokens: the secrets that scripts and reporting jobs sign in with, and whose they are.

Like the personal-data register this table lives beside the projections but is no
projection: nothing in the store can rebuild it, so `rebuild` and `check-projections`
never touch it. A token names a principal (an opaque id, which becomes the `actor` of the
events its requests write), has an expiry and may be revoked. The secret is shown once,
when the token is made, and never kept: the table holds only its SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from projections.sql import Cursor, Database

TABLE = "api_tokens"
PREFIX = "styrlogg_"
DEFAULT_DAYS = 90
MAX_DAYS = 3650
# Visible ASCII but `:`, which separates the principal from an Idempotency-Key in the
# key's scope (`<principal>:<key>`): with it, "a:b" and key "c" would be "a" and key "b:c".
PRINCIPAL = re.compile(r"[\x21-\x39\x3b-\x7e]{1,128}")
MAX_LABEL = 200


class InvalidToken(ValueError):
    """A principal, label or expiry that a token cannot have."""


class NoSuchToken(LookupError):
    """No token has this id."""


def create_api_tokens(cursor: Cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL,"
        " principal TEXT NOT NULL, label TEXT NOT NULL, created_at TEXT NOT NULL,"
        " expires_at TEXT NOT NULL, revoked_at TEXT)"
    )
    cursor.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {TABLE}_by_hash ON {TABLE} (secret_hash)")


def digest(secret: str) -> str:
    """The secret's SHA-256, hex. A slow password hash (bcrypt, Argon2) defends guessable
    secrets against a stolen table; these are 256 random bits, which no one can guess from
    their hash however fast it is, so one fast hash suffices and costs nothing per request."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Token:
    """What the register holds of a token: everything but the secret."""

    id: UUID
    principal: str
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class Created:
    token: Token
    secret: str


def check_principal(principal: str) -> str:
    if not PRINCIPAL.fullmatch(principal):
        raise InvalidToken(
            "a principal is 1 to 128 visible ASCII characters, without ':' (e.g. reporting-job)"
        )
    return principal


class ApiTokens:
    """The register over one SQL database (`?` placeholders, SQLite or PostgreSQL)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self,
        principal: str,
        label: str = "",
        expires_in_days: int = DEFAULT_DAYS,
        *,
        now: datetime | None = None,
    ) -> Created:
        check_principal(principal)
        if len(label) > MAX_LABEL or any(not c.isprintable() for c in label):
            raise InvalidToken(f"a label is at most {MAX_LABEL} printable characters")
        if not 1 <= expires_in_days <= MAX_DAYS:
            raise InvalidToken(f"a token expires in 1 to {MAX_DAYS} days")
        made = now or datetime.now(UTC)
        token = Token(
            uuid.uuid4(), principal, label, made, made + timedelta(days=expires_in_days), None
        )
        secret = PREFIX + secrets.token_urlsafe(32)
        with self.db.transaction() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (id, secret_hash, principal, label, created_at,"
                " expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (
                    str(token.id),
                    digest(secret),
                    principal,
                    label,
                    _text(token.created_at),
                    _text(token.expires_at),
                ),
            )
        return Created(token, secret)

    def rotate(self, principal: str, label: str, expires_in_days: int = DEFAULT_DAYS) -> Created:
        """A new token for the principal and label, revoking those made before for them
        (their secrets are not kept, so none can be shown again): the demo's token."""
        now = datetime.now(UTC)
        with self.db.transaction() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} SET revoked_at = ? WHERE principal = ? AND label = ?"
                " AND revoked_at IS NULL",
                (_text(now), principal, label),
            )
        return self.create(principal, label, expires_in_days, now=now)

    def find(self, secret: str) -> Token | None:
        """The token whose secret this is, by one lookup of its hash on a unique index
        (a hash compared in the index reveals nothing of the secret by its timing)."""
        with self.db.reading() as cursor:
            cursor.execute(f"{SELECT} WHERE secret_hash = ?", (digest(secret),))
            row = cursor.fetchone()
        return None if row is None else _token(row)

    def listed(self) -> list[Token]:
        with self.db.reading() as cursor:
            cursor.execute(f"{SELECT} ORDER BY created_at, id")
            return [_token(row) for row in cursor.fetchall()]

    def revoke(self, token_id: UUID, *, now: datetime | None = None) -> Token:
        """Revokes the token from now on (one revoked already keeps its first time)."""
        when = _text(now or datetime.now(UTC))
        with self.db.transaction() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (when, str(token_id)),
            )
            cursor.execute(f"{SELECT} WHERE id = ?", (str(token_id),))
            row = cursor.fetchone()
        if row is None:
            raise NoSuchToken(f"no token has the id {token_id}")
        return _token(row)


SELECT = f"SELECT id, principal, label, created_at, expires_at, revoked_at FROM {TABLE}"


def _text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _token(row: tuple[object, ...]) -> Token:
    token_id, principal, label, created, expires, revoked = row
    return Token(
        UUID(str(token_id)),
        str(principal),
        str(label),
        datetime.fromisoformat(str(created)),
        datetime.fromisoformat(str(expires)),
        None if revoked is None else datetime.fromisoformat(str(revoked)),
    )
