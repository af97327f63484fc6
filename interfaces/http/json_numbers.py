"""Exact decimals on the wire: JSON numbers are read as Decimal and written from Decimal
without passing through float (−131.6 − (−119.3) is exactly −12.3 in every answer)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import flask_smorest
import simplejson
from flask import Request
from flask.json.provider import DefaultJSONProvider
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request


class DecimalJSONProvider(DefaultJSONProvider):
    sort_keys = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        text: str = simplejson.dumps(obj, use_decimal=True, **kwargs)
        return text

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return simplejson.loads(s, use_decimal=True, **kwargs)


def is_exact_number(value: Any) -> bool:
    """A JSON number as read: Decimal or int, never a bool or a string."""
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


class DecimalFlaskParser(FlaskParser):
    """Reads JSON bodies as the app does: numbers as exact decimals."""

    def _raw_load_json(self, req: Request) -> Any:
        body = req.get_data(cache=True)
        if not is_json_request(req) or not body:
            return core.missing  # no body: no fields (any other body was checked already)
        return simplejson.loads(body, use_decimal=True)


class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]  # flask-smorest is untyped
    """flask-smorest's Blueprint, parsing arguments with exact decimals."""

    ARGUMENTS_PARSER = DecimalFlaskParser()
