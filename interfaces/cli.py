"""The `styrlogg` command line: set up, serve, follow, rebuild, check, load the demo."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import FrameType
from typing import Any
from uuid import UUID

import click

from interfaces.bootstrap import Container, bootstrap, make_projections
from interfaces.registers.api_tokens import (
    DEFAULT_DAYS,
    MAX_DAYS,
    InvalidToken,
    NoSuchToken,
    check_principal,
)
from interfaces.settings import Settings, SettingsError
from projections.projection import TRACKING_TABLE
from projections.rebuild import check, snapshot


@contextmanager
def opened(create_tables: bool = True) -> Iterator[Container]:
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        raise click.UsageError(str(error)) from error
    if not create_tables:
        settings = replace(settings, create_tables=False)
    try:
        container = bootstrap(settings)
    except SettingsError as error:
        raise click.UsageError(str(error)) from error
    try:
        yield container
    finally:
        container.close()


@click.group(help="Styrlogg: organs, decisions and plans, as they were on any date.")
@click.option("-v", "--verbose", is_flag=True, help="Log more.")
def main(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@main.command("init-db")
def init_db() -> None:
    """Create the store's and the projections' tables (before starting web workers)."""
    with opened() as c:
        click.echo(f"ready: {_describe(c.settings)}; store at position {c.app.last_position()}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Development server with the projection follower in the same process."""
    from interfaces.http.app import create_app

    with opened() as c:
        c.follower.catch_up()
        c.start_follower()
        click.echo(f"serving {_describe(c.settings)} on http://{host}:{port} (docs: /api/v1/docs)")
        create_app(c).run(host=host, port=port, threaded=True, use_reloader=False)


@main.command()
def openapi() -> None:
    """Print the OpenAPI document, as the server publishes it at /api/v1/openapi.json."""
    from interfaces.http.app import create_app

    # The document depends on no store: an empty one in memory builds the app.
    container = bootstrap(Settings(database_url="memory://"))
    try:
        app = create_app(container)
        served = app.test_client().get("/api/v1/openapi.json").get_data()
        click.echo(app.json.dumps(app.json.loads(served), indent=2, ensure_ascii=False))
    finally:
        container.close()


@main.command()
def follow() -> None:
    """Run the projection follower (production: beside gunicorn), until interrupted."""
    from interfaces.listen import listen_for_writes

    with opened() as c:
        stop, wake = threading.Event(), threading.Event()

        def interrupted(signum: int, frame: FrameType | None) -> None:
            stop.set()
            wake.set()

        signal.signal(signal.SIGTERM, interrupted)
        signal.signal(signal.SIGINT, interrupted)
        channel = getattr(c.app.recorder, "channel_name", None)
        if c.settings.kind == "postgresql" and channel:
            threading.Thread(
                target=listen_for_writes,
                args=(c.settings.postgres_conninfo(), channel, wake, stop),
                daemon=True,
            ).start()
        click.echo(f"following {_describe(c.settings)}")
        c.follower.run(stop, wake, c.settings.follower_interval_seconds)


@main.command("rebuild")
@click.option("--yes", is_flag=True, help="Accepted for older scripts: a rebuild asks nothing.")
def rebuild_command(yes: bool) -> None:
    """Build every projection anew from the store beside the live ones, then swap it in.

    The live projections serve reads (and keep following the store) until the new ones
    have caught up; they are dropped a minute after the swap."""
    with opened() as c:
        last = c.app.last_position()
        with click.progressbar(length=last, label="rebuilding", show_pos=True) as bar:
            reached = c.follower.rebuild(_advance(bar))
        live = c.follower.generations.live()
        click.echo(
            f"rebuilt every projection to position {reached}: generation {live.number} is live"
        )


@main.command("check-projections")
def check_projections() -> None:
    """Compare one snapshot of the live projections with a scratch rebuild to its positions."""
    # Tables are neither created nor caught up: the check only reads the live projections.
    with opened(create_tables=False) as c:
        if TRACKING_TABLE not in c.db.table_names():
            raise click.ClickException(f"no projections in {_describe(c.settings)}: run init-db")
        seen = snapshot(c.db, c.follower.projections)
        until = max(seen.positions.values(), default=0)
        with click.progressbar(length=until, label="rebuilding a scratch copy") as bar:
            found = check(c.db, seen, c.follower.source, make_projections, _advance(bar))
        if not found:
            click.echo(f"projections equal a rebuild {_at(seen.positions)}")
            return
        for d in found:
            click.echo(
                f"{d.projection}.{d.table} at position {d.position}: {d.only_live} rows only"
                f" live, {d.only_rebuilt} only rebuilt; e.g. {d.example}",
                err=True,
            )
        sys.exit(1)


def _at(positions: dict[str, int]) -> str:
    if len(set(positions.values())) == 1:
        return f"at position {next(iter(positions.values()))}"
    return "at each one's position: " + ", ".join(f"{n} {p}" for n, p in sorted(positions.items()))


DEMO_PRINCIPAL = "demo-user"


@main.command()
def demo() -> None:
    """Load the demo organisations from the seed documents (loading twice changes nothing),
    and print a new API token for `demo-user` (the demo's token made before is revoked)."""
    from interfaces.demo.loader import load_demo

    with opened() as c:
        report = load_demo(c)
        c.follower.catch_up()
        made = c.tokens.rotate(DEMO_PRINCIPAL, "demo")
        click.echo(
            f"demo loaded: {report.written} changes written, {report.already} already there;"
            f" store at position {c.app.last_position()}"
        )
    click.echo(
        f"an API token for {DEMO_PRINCIPAL} (any earlier demo token is revoked), until"
        f" {made.token.expires_at:%Y-%m-%d}; for the README's examples:"
    )
    click.echo(f"export TOKEN={made.secret}")


@main.group()
def token() -> None:
    """API tokens: each signs in a principal (a script, a reporting job) over HTTP."""


def _principal(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return check_principal(value)
    except InvalidToken as error:
        raise click.BadParameter(str(error)) from error


@token.command("create")
@click.option(
    "--principal",
    required=True,
    callback=_principal,
    help="Who the token signs in: the actor of every event its requests write.",
)
@click.option("--label", default="", help="What the token is for (shown by `token list`).")
@click.option(
    "--expires-in-days",
    type=click.IntRange(1, MAX_DAYS),
    default=DEFAULT_DAYS,
    show_default=True,
    help="Days until the token expires.",
)
@click.option("--quiet", is_flag=True, help="Print only the secret (TOKEN=$(… --quiet)).")
def token_create(principal: str, label: str, expires_in_days: int, quiet: bool) -> None:
    """Make an API token and print its secret, once: only its hash is kept."""
    with opened() as c:
        try:
            made = c.tokens.create(principal, label, expires_in_days)
        except InvalidToken as error:
            raise click.UsageError(str(error)) from error
    if quiet:
        click.echo(made.secret)
        return
    click.echo(
        f"token {made.token.id} for {principal}, expires {made.token.expires_at:%Y-%m-%d %H:%M} UTC"
    )
    click.echo("the secret, shown this once (send it as Authorization: Bearer <secret>):")
    click.echo(made.secret)


@token.command("list")
def token_list() -> None:
    """List the API tokens (never their secrets)."""
    with opened() as c:
        tokens = c.tokens.listed()
    click.echo("id\tprincipal\tlabel\tcreated\texpires\trevoked")
    for t in tokens:
        revoked = t.revoked_at.isoformat(timespec="seconds") if t.revoked_at else "-"
        click.echo(
            "\t".join(
                [
                    str(t.id),
                    t.principal,
                    t.label or "-",
                    t.created_at.isoformat(timespec="seconds"),
                    t.expires_at.isoformat(timespec="seconds"),
                    revoked,
                ]
            )
        )


@token.command("revoke")
@click.argument("token_id", metavar="ID", type=click.UUID)
def token_revoke(token_id: UUID) -> None:
    """Revoke a token: every request with it is 401 from now on, in every process."""
    with opened() as c:
        try:
            revoked = c.tokens.revoke(token_id)
        except NoSuchToken as error:
            raise click.ClickException(str(error)) from error
    assert revoked.revoked_at is not None
    click.echo(f"revoked {revoked.id} ({revoked.principal}) at {revoked.revoked_at.isoformat()}")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check every row; write nothing.")
def import_command(file: str, dry_run: bool) -> None:
    """Import decisions, organs, people and memberships from a JSON or CSV file: every row
    is checked first, and all of them are written, or (any row rejected) none."""
    from pathlib import Path

    from domain.provenance import Provenance
    from interfaces.import_files import UnreadableFile, read_rows
    from interfaces.upload_limits import LISTED_REFUSALS, TooManyRows

    try:
        max_rows = Settings.from_env().max_import_rows
    except SettingsError as error:
        raise click.UsageError(str(error)) from error
    try:
        rows = read_rows(file, Path(file).read_bytes(), max_rows)
    except UnreadableFile as error:
        raise click.UsageError(f"{file}: {error}") from error
    except TooManyRows as error:
        raise click.ClickException(f"{file}: {error}; nothing written") from error
    with opened() as c:
        # The operator at the console: the configured LOCAL_ACTOR, not a token's principal.
        by = Provenance(c.settings.local_actor, f"import:{Path(file).name}")
        report = c.imports.run(rows, by, dry_run=dry_run)
        c.follower.catch_up()
    for rejected in report.rejected[:LISTED_REFUSALS]:
        where = f"row {rejected.row}" + (
            f" ({rejected.record} {rejected.key})" if rejected.key else ""
        )
        field = f" {rejected.field}:" if rejected.field else ""
        click.echo(f"rejected {where}:{field} {rejected.detail}", err=True)
    if report.rejected:
        listed = min(len(report.rejected), LISTED_REFUSALS)
        more = "" if listed == len(report.rejected) else f" (the first {listed} listed)"
        refused_rows = len({r.row for r in report.rejected})
        refusals = (
            "" if refused_rows == len(report.rejected) else f", {len(report.rejected)} refusals"
        )
        click.echo(
            f"{refused_rows} of {report.rows} rows rejected{refusals}{more}: nothing written",
            err=True,
        )
        sys.exit(1)
    verb = "would write" if dry_run else "written"
    click.echo(
        f"{report.rows} rows: {report.written} {verb}, {report.already} already there"
        + (f"; store at position {report.position}" if report.position else "")
    )


def _advance(bar: Any) -> Callable[[int], None]:
    done = [0]

    def progress(position: int) -> None:
        bar.update(position - done[0])
        done[0] = position

    return progress


def _describe(settings: Settings) -> str:
    if settings.kind == "sqlite":
        return f"SQLite store {settings.sqlite_path}"
    if settings.kind == "postgresql":
        return f"PostgreSQL schema {settings.postgres_schema}"
    return "an in-memory store"
