"""Clients that sign in as the API requires: an API token made in the container's register,
sent on every request, whose principal holds roles granted in the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from flask import Flask
from flask.testing import FlaskClient

from application.grants import NewGrant
from domain.grants import Role
from domain.provenance import Provenance
from interfaces.bootstrap import Container

PRINCIPAL = "api-test"
"""The test clients' principal: the actor of what they write (not LOCAL_ACTOR)."""
ROLES = (Role.REGISTRAR, Role.CORRECTOR, Role.ADMIN, Role.AUDITOR)
"""What the tests' principals hold unless a test says otherwise: everything but a
follow-up officer's role, which needs organs (a corrector reports for every organ)."""
SINCE = date(2000, 1, 1)


def bearer(container: Container, principal: str = PRINCIPAL) -> str:
    """The header value of a new token for the principal."""
    return f"Bearer {container.tokens.create(principal, 'tests').secret}"


def grant(
    container: Container,
    principal: str,
    roles: Iterable[Role],
    organ_ids: tuple[UUID, ...] = (),
    since: date = SINCE,
) -> None:
    """Gives the principal each role it does not hold yet (as the operator would)."""
    held = {(g.role, g.organ_ids) for g in container.grants.held(principal, since)}
    by = Provenance(container.settings.local_actor, reason="tests")
    for role in roles:
        if (role, organ_ids) not in held:
            container.grants.give(NewGrant(principal, role, since, organ_ids), by)


def authorized(
    app: Flask, principal: str = PRINCIPAL, roles: Iterable[Role] = ROLES
) -> FlaskClient:
    """A test client of the app that sends a token of the principal on every request; the
    principal holds `roles`."""
    container: Container = app.extensions["styrlogg"]
    grant(container, principal, roles)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = bearer(container, principal)
    return client
