"""The `styrlogg` command line: set up, serve, follow, rebuild, check, load the demo."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from types import FrameType
from typing import Any
from uuid import UUID

import click

from application.errors import ApplicationError
from application.grants import GrantWritten, NewGrant
from domain.errors import DomainError
from domain.grants import GrantState, Role
from domain.provenance import Provenance
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


DEMO_TOKENS = (
    ("TOKEN", "demo-registrar"),
    ("AUDITOR_TOKEN", "demo-auditor"),
    ("OFFICER_TOKEN", "demo-officer"),
    ("ADMIN_TOKEN", "demo-admin"),
)
"""The variable each demo principal's token is printed for; the roles are the loader's."""


@main.command()
def demo() -> None:
    """Load the demo organisations from the seed documents and the demo's grants (loading
    twice changes nothing), and print a new API token for each demo principal: registrar,
    auditor, a follow-up officer of Regionhälsan and admin (earlier demo tokens are revoked)."""
    from interfaces.demo.loader import DEMO_GRANTS, load_demo

    with opened() as c:
        report = load_demo(c)
        c.follower.catch_up()
        made = [
            (variable, c.tokens.rotate(principal, "demo")) for variable, principal in DEMO_TOKENS
        ]
        click.echo(
            f"demo loaded: {report.written} changes written, {report.already} already there;"
            f" store at position {c.app.last_position()}"
        )
    roles = {principal: role.value for principal, role, _ in DEMO_GRANTS}
    click.echo(
        f"API tokens for the demo's principals (earlier demo tokens are revoked), until"
        f" {made[0][1].token.expires_at:%Y-%m-%d}; for the README's examples:"
    )
    for variable, created in made:
        principal = created.token.principal
        click.echo(f"export {variable}={created.secret}  # {principal}: {roles[principal]}")


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
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice([r.value for r in Role]),
    help="Give the principal this role from today, unless it holds it already (repeatable).",
)
@click.option(
    "--organ",
    "organ_ids",
    multiple=True,
    type=click.UUID,
    help="A follow_up_officer's organ (repeatable): it reports for it and every organ below.",
)
@click.option("--quiet", is_flag=True, help="Print only the secret (TOKEN=$(… --quiet)).")
def token_create(
    principal: str,
    label: str,
    expires_in_days: int,
    roles: tuple[str, ...],
    organ_ids: tuple[UUID, ...],
    quiet: bool,
) -> None:
    """Make an API token and print its secret, once: only its hash is kept. With --role,
    the principal is also granted the role (an event, by LOCAL_ACTOR)."""
    with opened() as c:
        granted = [_give(c, principal, Role(role), organ_ids) for role in roles]
        try:
            made = c.tokens.create(principal, label, expires_in_days)
        except InvalidToken as error:
            raise click.UsageError(str(error)) from error
        held = sorted({g.role.value for g in c.grants.held(principal, _today())})
    if quiet:
        click.echo(made.secret)
        return
    for written in granted:
        if written is not None:
            click.echo(f"granted {_described(written.grant)} at position {written.position}")
    if not held:
        click.echo(
            f"warning: {principal} holds no role today, so every request is 403: give one"
            " with --role or `styrlogg grant give`",
            err=True,
        )
    click.echo(
        f"token {made.token.id} for {principal}, expires {made.token.expires_at:%Y-%m-%d %H:%M} UTC"
    )
    click.echo(f"{principal} holds today: {', '.join(held) or 'no role'}")
    click.echo("the secret, shown this once (send it as Authorization: Bearer <secret>):")
    click.echo(made.secret)


def _today() -> date:
    from interfaces.http.schemas.common import today_in_stockholm

    return today_in_stockholm()


def _by(c: Container, reason: str | None) -> Provenance:
    return Provenance(c.settings.local_actor, reason=reason)


def _give(
    c: Container, principal: str, role: Role, organ_ids: tuple[UUID, ...]
) -> GrantWritten | None:
    """Gives the role from today unless the principal holds it (with these organs) today."""
    if any(g.role is role and set(g.organ_ids) == set(organ_ids)
           for g in c.grants.held(principal, _today())):  # fmt: skip
        return None
    return _granting(lambda: c.grants.give(
        NewGrant(principal, role, _today(), organ_ids), _by(c, "styrlogg token create")
    ))  # fmt: skip


def _granting(write: Callable[[], GrantWritten]) -> GrantWritten:
    try:
        return write()
    except (DomainError, ApplicationError) as error:
        field = f"{error.field}: " if error.field else ""
        raise click.ClickException(f"{field}{error.detail}; nothing written") from error


def _described(grant: GrantState) -> str:
    organs = f" for {', '.join(map(str, grant.organ_ids))}" if grant.organ_ids else ""
    until = f" until {grant.valid_to}" if grant.valid_to else ""
    return f"{grant.grant_id} {grant.role.value}{organs} from {grant.valid_from}{until}"


@main.group()
def grant() -> None:
    """Grants: the roles principals hold from a date, recorded as events (by LOCAL_ACTOR)."""


@grant.command("give")
@click.option("--principal", required=True, help="An API token's principal or an OIDC `sub`.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--organ", "organ_ids", multiple=True, type=click.UUID,
              help="A follow_up_officer's organ (repeatable).")  # fmt: skip
@click.option("--from", "effective_on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The first day it holds (default: today, in Stockholm).")  # fmt: skip
@click.option("--decision", "decision_id", type=click.UUID, default=None,
              help="The delegation order that grants it.")  # fmt: skip
@click.option("--reason", default=None)
def grant_give(
    principal: str,
    role: str,
    organ_ids: tuple[UUID, ...],
    effective_on: datetime | None,
    decision_id: UUID | None,
    reason: str | None,
) -> None:
    """Give a principal a role from a date."""
    with opened() as c:
        new = NewGrant(
            principal,
            Role(role),
            effective_on.date() if effective_on else _today(),
            organ_ids,
            decision_id,
        )
        written = _granting(lambda: c.grants.give(new, _by(c, reason)))
    click.echo(f"granted {_described(written.grant)} at position {written.position}")


@grant.command("revoke")
@click.option("--principal", required=True)
@click.argument("grant_id", metavar="ID", type=click.UUID)
@click.option("--from", "effective_on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The first day it no longer holds (default: today, in Stockholm).")  # fmt: skip
@click.option("--decision", "decision_id", type=click.UUID, default=None)
@click.option("--reason", default=None)
def grant_revoke(
    principal: str,
    grant_id: UUID,
    effective_on: datetime | None,
    decision_id: UUID | None,
    reason: str | None,
) -> None:
    """Revoke a principal's grant from a date (the past stays as it was allowed)."""
    with opened() as c:
        on = effective_on.date() if effective_on else _today()
        written = _granting(
            lambda: c.grants.revoke(principal, grant_id, on, decision_id, _by(c, reason))
        )
    click.echo(f"revoked {_described(written.grant)} at position {written.position}")


@grant.command("list")
@click.option("--principal", required=True)
@click.option("--on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day (default: today, in Stockholm).")  # fmt: skip
def grant_list(principal: str, on: datetime | None) -> None:
    """The principal's grants that hold on a day, as the store holds them now."""
    with opened() as c:
        held = c.grants.held(principal, on.date() if on else _today())
    for g in held:
        click.echo(_described(g))


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


@main.command()
@click.option("--before", "before", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Erase elected members whose last seat ended by this day.")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="List who is due; erase no one.")
@click.option("--reason", default="Gallring enligt informationshanteringsplanen")
def gallring(before: datetime, dry_run: bool, reason: str) -> None:
    """Scheduled deletion (gallring) under the information management plan: erase the
    personal data of every elected member whose last seat in a political organ ended on
    or before --before (their seats and every event stay, by id). Erasure on request
    refuses them: their names in decisions are public records until then."""
    from application.people import scheduled_deletion

    with opened() as c:
        c.follower.catch_up()
        done = scheduled_deletion(c.people, before.date(), _by(c, reason), dry_run=dry_run)
        c.follower.catch_up()
    for person_id in done.erased:
        click.echo(f"{'due' if dry_run else 'erased'} {person_id}")
    verb = "due" if dry_run else "erased"
    click.echo(f"{len(done.erased)} {verb}; {done.already} erased before")


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
