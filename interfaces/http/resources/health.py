"""Health: the process lives (`/healthz`), it can serve (`/readyz`), and how far the
projections have come (`/health`)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields

from application.app import translate_store_errors
from interfaces.http.errors import PROBLEM_JSON
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import public, reads_nothing
from interfaces.http.requests import container
from interfaces.http.schemas.common import Integer, ProblemSchema

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="Service health.")


class HealthSchema(ma.Schema):
    status = fields.String()
    store_position = Integer(metadata={"description": "Last position in the store."})
    projections = fields.Dict(
        keys=fields.String(),
        values=Integer(),
        metadata={"description": "Tracking positions."},
    )


class LivenessSchema(ma.Schema):
    status = fields.String(metadata={"description": "`alive`."})


class ReadinessSchema(ma.Schema):
    status = fields.String(metadata={"description": "`ready`."})
    store_position = Integer(metadata={"description": "Last position in the store."})
    verified_through = fields.Dict(
        keys=fields.String(),
        values=Integer(),
        metadata={
            "description": "Per projection, the position through which the gap watchdog last"
            " found every stored event applied (a few seconds old)."
        },
    )


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @public
    def get(self) -> Any:
        """The store's last position and each projection's tracking position."""
        c = container()
        with translate_store_errors():
            store = c.app.last_position()
        positions = c.follower.positions()
        lagging = any(p < store for p in positions.values())
        return {
            "status": "catching_up" if lagging else "ok",
            "store_position": store,
            "projections": positions,
        }


@blp.route("/healthz")
class Liveness(MethodView):
    @blp.response(200, LivenessSchema)
    @reads_nothing
    @public
    def get(self) -> Any:
        """The process lives; it reads nothing."""
        return {"status": "alive"}


@blp.route("/readyz")
class Readiness(MethodView):
    @blp.response(200, ReadinessSchema)
    @blp.alt_response(
        503,
        schema=ProblemSchema,
        content_type=PROBLEM_JSON,
        headers={"Retry-After": "RetryAfter"},
        description="Not ready: the store or the projections are unreachable, a projection"
        " missed an event (rebuild the projections; `gaps`), or a projection cannot apply an"
        " event (`stalls`: the projection, the event's position, the error; its reads stay"
        " at the position before); `detail` says which.",
    )
    @public
    def get(self) -> Any:
        """Ready when the store answers, no projection passed an event it never applied and
        none is stalled on an event it cannot apply."""
        ready = container().readiness.check()
        return {
            "status": "ready",
            "store_position": ready.store_position,
            "verified_through": ready.verified_through,
        }
