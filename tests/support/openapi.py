"""Checks an answer against the OpenAPI document that the server itself publishes: the
status is documented for the operation, the headers it sends that a client builds on are
declared, and the body fits the schema documented for it (the subset of JSON Schema that
apispec writes: $ref, type, properties, items, enum)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from werkzeug.test import TestResponse

FORMATS = {
    "uuid": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
# Headers a client builds on: an answer that sends one must say so in the document.
DECLARED_HEADERS = ("ETag", "Retry-After", "Idempotent-Replayed")
TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float, Decimal),  # the app's JSON reads numbers as exact decimals
    "boolean": (bool,),
    "null": (type(None),),
}


def mismatches(spec: dict[str, Any], method: str, path: str, response: TestResponse) -> list[str]:
    """What in the answer the document does not say (empty when it fits). `path` is the
    document's template, e.g. /api/v1/people/{person_id}."""
    operation = spec["paths"][path][method.lower()]
    documented = operation["responses"].get(str(response.status_code))
    if documented is None:
        return [f"status {response.status_code} is not documented for {method} {path}"]
    documented = _resolve(spec, documented)
    found = [
        f"header {name} is sent but not documented for {response.status_code}"
        for name in DECLARED_HEADERS
        if name in response.headers and name not in documented.get("headers", {})
    ]
    content = documented.get("content", {})
    if not content:
        return found
    schema = next(iter(content.values())).get("schema")
    if schema is None or not response.is_json:
        return found
    return found + _check(spec, schema, response.get_json(), "body")


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        found: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            found = found[part]
        node = found
    return node


def _check(spec: dict[str, Any], schema: dict[str, Any], value: Any, at: str) -> list[str]:
    schema = _resolve(spec, schema)
    if "anyOf" in schema:  # fits when it fits one of them; else what the first says
        found_each = [_check(spec, option, value, at) for option in schema["anyOf"]]
        return [] if any(not found for found in found_each) else found_each[0]
    wanted = schema.get("type")
    if wanted is not None:
        names = wanted if isinstance(wanted, list) else [wanted]
        fits = any(
            isinstance(value, TYPES[n]) and not (n in ("integer", "number") and value is True)
            for n in names
        )
        if isinstance(value, bool) and "boolean" not in names:
            fits = False
        if not fits:
            return [f"{at}: {value!r} is not of type {wanted}"]
    if value is None:
        return []
    if "enum" in schema and value not in schema["enum"]:
        return [f"{at}: {value!r} is not one of {schema['enum']}"]
    pattern = FORMATS.get(schema.get("format", ""))
    if pattern is not None and isinstance(value, str) and not pattern.fullmatch(value):
        return [f"{at}: {value!r} is not a {schema['format']}"]
    found: list[str] = []
    if isinstance(value, dict) and "properties" in schema:
        properties = schema["properties"]
        for key, item in value.items():
            if key in properties:
                found.extend(_check(spec, properties[key], item, f"{at}.{key}"))
            elif schema.get("additionalProperties") is False:
                found.append(f"{at}.{key} is not documented")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found.extend(_check(spec, schema["items"], item, f"{at}.{index}"))
    return found
