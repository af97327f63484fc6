"""Clients that sign in as the API requires: an API token made in the container's register,
sent on every request."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from interfaces.bootstrap import Container

PRINCIPAL = "api-test"
"""The test clients' principal: the actor of what they write (not LOCAL_ACTOR)."""


def bearer(container: Container, principal: str = PRINCIPAL) -> str:
    """The header value of a new token for the principal."""
    return f"Bearer {container.tokens.create(principal, 'tests').secret}"


def authorized(app: Flask, principal: str = PRINCIPAL) -> FlaskClient:
    """A test client of the app that sends a token of the principal on every request."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = bearer(app.extensions["styrlogg"], principal)
    return client
