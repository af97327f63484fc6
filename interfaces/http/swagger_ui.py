"""Swagger UI's files, served by the app from the pinned `flask-swagger-ui` package (its
`dist/`), so the docs page works with no internet: no CDN, no online validator."""

from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response, abort, send_from_directory

ASSETS_URL = "/api/v1/docs/assets/"
ASSETS = resources.files("flask_swagger_ui").joinpath("dist")
# What the docs page needs: flask-smorest's page loads these three, nothing else.
SERVED = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"})
# The page itself, as flask-smorest renders it, with Swagger UI's own configuration.
CONFIG = {
    "validatorUrl": None,  # Swagger UI would ask validator.swagger.io for a badge
    "deepLinking": True,
    "displayOperationId": True,
}

blp = Blueprint("swagger_ui_assets", __name__)


@blp.route(f"{ASSETS_URL}<name>")
def asset(name: str) -> Response:
    """One of Swagger UI's files (404 for any other name)."""
    if name not in SERVED:
        abort(404)
    return send_from_directory(str(ASSETS), name, max_age=3600)
