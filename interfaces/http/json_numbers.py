"""Exact decimals on the wire: JSON numbers are read as Decimal and written from Decimal
without passing through float (−131.6 − (−119.3) is exactly −12.3 in every answer).

A number in a request must lie in the range of figures (`domain.figures`); one outside it
is read as `NumberOutOfRange`, which no field accepts, so the request is 422 naming the
field, and an integer field never expands 1e99999999 into its hundred million digits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, DecimalException
from typing import Any

import flask_smorest
import marshmallow as ma
import simplejson
from flask import Request
from flask.json.provider import DefaultJSONProvider
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from domain.figures import beyond_range, out_of_range


class DecimalJSONProvider(DefaultJSONProvider):
    sort_keys = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        # JSON has no infinity or NaN: one that a store written before figures were
        # bounded holds is written as null.
        text: str = simplejson.dumps(obj, use_decimal=True, ignore_nan=True, **kwargs)
        return text

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return read_json(s, **kwargs)


@dataclass(frozen=True)
class NumberOutOfRange:
    """A JSON number outside the range, in place of its value: every field refuses it."""

    problem: str


def read_json(text: str | bytes, **kwargs: Any) -> Any:
    """JSON as a request sends it: numbers as exact decimals (integers as int) in range."""
    return simplejson.loads(text, parse_float=_number, parse_int=_integer, **kwargs)


def _number(text: str) -> Decimal | NumberOutOfRange:
    try:
        number = Decimal(text)
    except DecimalException:  # an exponent beyond what any decimal holds
        return NumberOutOfRange(beyond_range(text))
    problem = out_of_range(number)
    return number if problem is None else NumberOutOfRange(problem)


def _integer(text: str) -> int | NumberOutOfRange:
    number = _number(text)
    return number if isinstance(number, NumberOutOfRange) else int(text)


def is_exact_number(value: Any) -> bool:
    """A JSON number as read: Decimal or int, never a bool or a string."""
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


class DecimalFlaskParser(FlaskParser):
    """Reads JSON bodies as the app does: numbers as exact decimals. An unknown query
    parameter is refused (422 naming it), as an unknown body field is."""

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
        "querystring": ma.RAISE,
    }

    def _raw_load_json(self, req: Request) -> Any:
        body = req.get_data(cache=True)
        if not is_json_request(req) or not body:
            return core.missing  # no body: no fields (any other body was checked already)
        return read_json(body)


class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]  # flask-smorest is untyped
    """flask-smorest's Blueprint, parsing arguments with exact decimals."""

    ARGUMENTS_PARSER = DecimalFlaskParser()
