"""The Flask application: flask-smorest blueprints, OpenAPI, RFC 9457 errors."""

from __future__ import annotations

from typing import Any

from flask import Flask, redirect
from flask.typing import ResponseReturnValue
from flask_smorest import Api

from interfaces.bootstrap import Container
from interfaces.http import (
    authentication,
    authorization,
    errors,
    idempotency,
    requests,
    swagger_ui,
)
from interfaces.http.errors import PROBLEM_JSON
from interfaces.http.json_numbers import DecimalJSONProvider
from interfaces.http.openapi import SECURITY, OperationConventions
from interfaces.http.resources import (
    assignments,
    composition,
    decisions,
    events,
    follow_up,
    grants,
    health,
    imports,
    indicators,
    mandates,
    organs,
    people,
    plan_items,
    plans,
)
from interfaces.http.schemas.common import KnownAtField, ProblemSchema
from interfaces.http.schemas.indicators import ExactNumber


class StyrloggApi(Api):  # type: ignore[misc]  # flask-smorest is untyped
    # Documents every error response as the RFC 9457 problem document we send.
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        # Errors are sent as application/problem+json: documented with that media type.
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_JSON
        try:
            super()._register_responses()
        finally:
            del self.DEFAULT_RESPONSE_CONTENT_TYPE  # successes stay application/json


def create_app(container: Container) -> Flask:
    app = Flask("styrlogg")
    app.json = DecimalJSONProvider(app)
    app.config.update(
        API_TITLE="Styrlogg",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=swagger_ui.ASSETS_URL,
        OPENAPI_SWAGGER_UI_CONFIG=swagger_ui.CONFIG,
        JSON_SORT_KEYS=False,
        # A longer body is refused before it is read: 413, a problem naming `body`.
        MAX_CONTENT_LENGTH=container.settings.max_content_length,
    )
    app.extensions["styrlogg"] = container
    spec = {**_spec(), "extra_plugins": [OperationConventions(app)]}
    api = StyrloggApi(app, spec_kwargs=spec)
    api.register_field(KnownAtField, "string", None)  # a position or an RFC 3339 time
    api.register_field(ExactNumber, "number", None)  # a JSON number, read as a decimal
    for blueprint in (
        organs.blp,
        composition.blp,
        mandates.blp,
        assignments.blp,
        imports.blp,
        plans.blp,
        plan_items.blp,
        indicators.blp,
        follow_up.blp,
        people.blp,
        decisions.blp,
        events.blp,
        grants.blp,
        health.blp,
    ):
        api.register_blueprint(blueprint)
    # After Api(), whose own HTTPException handler it replaces.
    errors.register(app, already_applied=idempotency.already_applied)
    # In this order: who asks before any body is read or any key claimed.
    app.before_request(requests.correlate)
    app.before_request(authentication.before_request)
    app.before_request(authorization.before_request)
    app.before_request(requests.before_request)
    app.before_request(idempotency.before_request)
    app.after_request(idempotency.after_request)
    app.after_request(requests.after_request)
    app.teardown_request(idempotency.teardown_request)
    app.teardown_request(requests.teardown_request)
    app.teardown_request(authorization.teardown_request)
    app.register_blueprint(swagger_ui.blp)
    app.add_url_rule("/", "index", _index)
    return app


def _index() -> ResponseReturnValue:
    return redirect("/api/v1/docs")


def _spec() -> dict[str, Any]:
    return {
        # The paths hold the base path /api/v1: the server is this one, at its root.
        "servers": [{"url": "/", "description": "This server"}],
        # Every operation needs an API token but those that say `security: []`.
        "security": SECURITY,
        "info": {
            "description": (
                "Every change is an event citing the decision behind it. Reads take `valid_at`"
                " (a date) and `known_at` (an RFC 3339 time or a store position) and answer with"
                " `as_of`. Errors are RFC 9457 problem documents. A POST or PUT with an"
                " `Idempotency-Key` (1–255 visible ASCII characters, per actor, kept"
                " `IDEMPOTENCY_KEY_TTL_SECONDS`, 24 h by default) is written once: a retry gets"
                " the first answer with `Idempotent-Replayed: true`, or, when that answer was"
                " lost, 200 `{replayed, position, detail, events: [{position, type,"
                " aggregate_id, version}]}` naming the save it wrote; the key with another"
                " request is 422, and 409 while the first still runs. Every operation but"
                " health and readiness needs an API token (`Authorization: Bearer …`, made"
                " with `styrlogg token create`); its principal is the `actor` of what the"
                " request writes, and the scope of its Idempotency-Keys."
            )
        },
    }
