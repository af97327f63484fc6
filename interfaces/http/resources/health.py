"""Health: is the store reachable, and how far have the projections come."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields

from application.app import translate_store_errors
from interfaces.http.json_numbers import Blueprint
from interfaces.http.requests import container

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="Service health.")


class HealthSchema(ma.Schema):
    status = fields.String()
    store_position = fields.Integer(metadata={"description": "Last position in the store."})
    projections = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Tracking positions."},
    )


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
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
