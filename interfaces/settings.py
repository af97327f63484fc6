"""Settings from the environment, with defaults that run on a bare machine."""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from psycopg.conninfo import make_conninfo

DEFAULT_DATABASE_URL = "sqlite:///var/styrlogg.sqlite"
STORES = {
    "memory": "interfaces.store.memory:SaveEndsPOPOFactory",
    "sqlite": "interfaces.store.sqlite:SaveEndsSQLiteFactory",
    "postgresql": "interfaces.store.postgres:SaveEndsPostgresFactory",
}
# Settings of the library that would break what Styrlogg relies on: refused at start-up.
REFUSED = ("POSTGRES_ENABLE_DB_FUNCTIONS", "STYRLOGG_POSTGRES_ENABLE_DB_FUNCTIONS")
TRUE = ("y", "yes", "t", "true", "on", "1")


class SettingsError(ValueError):
    """A setting has a value Styrlogg cannot use."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    postgres_schema: str = "styrlogg"
    create_tables: bool = True
    min_position_timeout_seconds: float = 5.0
    local_actor: str = "local-user"
    follower_interval_seconds: float = 1.0
    postgres_connect_timeout_seconds: int = 2
    # Signs page cursors; None: the secret kept beside the projections (made by init-db).
    secret_key: str | None = field(default=None, repr=False)
    idempotency_key_ttl_seconds: float = 86_400.0
    gap_check_interval_seconds: float = 30.0
    readiness_cache_seconds: float = 2.0
    # Uploads: a request's body, an import's rows, an XLSX workbook once unzipped.
    max_content_length: int = 5 * 1024 * 1024
    max_import_rows: int = 10_000
    max_xlsx_uncompressed: int = 50 * 1024 * 1024
    # Downloads: the rows of a list exported as one spreadsheet (more is 422).
    max_export_rows: int = 10_000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def number(key: str, default: float) -> float:
            try:
                return float(env.get(key, default))
            except ValueError as error:
                raise SettingsError(f"{key} must be a number, not {env[key]!r}") from error

        def whole(key: str, default: int) -> int:
            text = env.get(key, "").strip()
            if not text:
                return default
            if not text.isdigit() or int(text) < 1:
                raise SettingsError(f"{key} must be a positive whole number, not {env[key]!r}")
            return int(text)

        for key in REFUSED:
            if env.get(key, "").strip().lower() in TRUE:
                raise SettingsError(
                    f"{key} is refused: the library's database functions insert events without"
                    " the table lock, so a follower can pass an id that commits later and"
                    " never apply it"
                )
        if env.get("CORRECTORS", "").strip():
            raise SettingsError(
                "CORRECTORS is replaced by grants, events in the store: give each corrector the"
                " role with `styrlogg grant give --principal P --role corrector`, then unset it"
            )
        redis_url = env.get("REDIS_URL") or None
        if redis_url and urlparse(redis_url).scheme not in ("redis", "rediss", "unix"):
            raise SettingsError("REDIS_URL must start redis://, rediss:// or unix://")
        key_ttl = number("IDEMPOTENCY_KEY_TTL_SECONDS", 86_400.0)
        if not (math.isfinite(key_ttl) and key_ttl > 0):
            raise SettingsError("IDEMPOTENCY_KEY_TTL_SECONDS must be a positive number of seconds")
        schema = env.get("POSTGRES_SCHEMA", "styrlogg")
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", schema):
            raise SettingsError("POSTGRES_SCHEMA must be lower-case letters, digits and _")
        return cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            redis_url=redis_url,
            postgres_schema=schema,
            create_tables=env.get("CREATE_TABLE", "y").lower() not in ("n", "no", "0", "false"),
            min_position_timeout_seconds=number("MIN_POSITION_TIMEOUT_SECONDS", 5.0),
            local_actor=env.get("LOCAL_ACTOR", "local-user"),
            follower_interval_seconds=number("FOLLOWER_INTERVAL_SECONDS", 1.0),
            postgres_connect_timeout_seconds=int(number("POSTGRES_CONNECT_TIMEOUT", 2)),
            secret_key=env.get("SECRET_KEY") or None,
            idempotency_key_ttl_seconds=key_ttl,
            gap_check_interval_seconds=number("GAP_CHECK_INTERVAL_SECONDS", 30.0),
            readiness_cache_seconds=number("READINESS_CACHE_SECONDS", 2.0),
            max_content_length=whole("MAX_CONTENT_LENGTH", cls.max_content_length),
            max_import_rows=whole("MAX_IMPORT_ROWS", cls.max_import_rows),
            max_xlsx_uncompressed=whole("MAX_XLSX_UNCOMPRESSED", cls.max_xlsx_uncompressed),
            max_export_rows=whole("MAX_EXPORT_ROWS", cls.max_export_rows),
        )

    @property
    def kind(self) -> str:
        scheme = urlparse(self.database_url).scheme
        if scheme in ("postgresql", "postgres"):
            return "postgresql"
        if scheme in ("sqlite", "memory"):
            return scheme
        raise SettingsError(
            f"DATABASE_URL must start sqlite://, postgresql:// or memory://, not {scheme!r}"
        )

    @property
    def sqlite_path(self) -> Path:
        """sqlite:///var/x.sqlite is relative to the working directory; sqlite:////abs is not."""
        return Path(urlparse(self.database_url).path[1:])

    @property
    def projections_path(self) -> Path:
        store = self.sqlite_path
        return store.with_name(f"{store.stem}-projections{store.suffix or '.sqlite'}")

    @property
    def advances_channel(self) -> str:
        """The Redis channel on which this store's follower announces its positions."""
        if self.kind == "sqlite":
            where = str(self.sqlite_path.resolve())
        else:
            where = f"{self.database_url}#{self.postgres_schema}"
        return "styrlogg:advanced:" + hashlib.sha256(where.encode()).hexdigest()[:16]

    @property
    def projections_schema(self) -> str:
        return f"{self.postgres_schema}_projections"

    def store_env(self) -> dict[str, str]:
        """The eventsourcing library's environment for the one application."""
        create = "y" if self.create_tables else "n"
        if self.kind == "memory":
            return {"PERSISTENCE_MODULE": STORES["memory"]}
        if self.kind == "sqlite":
            return {
                "PERSISTENCE_MODULE": STORES["sqlite"],
                "APPLICATION_RECORDER_TOPIC": "",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": "10",
                "CREATE_TABLE": create,
            }
        url = urlparse(self.database_url)
        return {
            "PERSISTENCE_MODULE": STORES["postgresql"],
            "POSTGRES_DBNAME": unquote(url.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_SCHEMA": self.postgres_schema,
            "POSTGRES_CONNECT_TIMEOUT": str(self.postgres_connect_timeout_seconds),
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": "8",
            "POSTGRES_LOCK_TIMEOUT": "5",
            "APPLICATION_RECORDER_TOPIC": "",
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "CREATE_TABLE": create,
        }

    def postgres_conninfo(self) -> str:
        env = self.store_env()
        return make_conninfo(
            host=env["POSTGRES_HOST"],
            port=env["POSTGRES_PORT"],
            dbname=env["POSTGRES_DBNAME"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None,
        )
