"""The cells of an import file's row, each read into a typed value or refused with a
message naming its field as the file does.

CSV gives every value as text and an empty cell for "none"; JSON gives native values. A
text is checked against what every store can hold (domain.text) and stripped; nothing
left is no value. A reference is a key of this or an earlier import, or an id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

import marshmallow as ma
from marshmallow import fields

from application.imports import import_id
from domain.dates import parse_date
from domain.text import text_fault

V = TypeVar("V")
T = TypeVar("T")
# What the stores' integer columns hold (PostgreSQL's BIGINT, SQLite's INTEGER).
STORABLE_INTEGERS = range(-(2**63), 2**63)


class Cell(fields.Field[V | None]):
    """One value of a row, named in messages as the file names it (`name`)."""

    def __init__(self, name: str, *, required: bool = False, multiline: bool = False) -> None:
        required_message = f"{name} is required"
        errors: dict[str, Any] = {"required": required_message, "null": required_message}
        if required:
            super().__init__(data_key=name, required=True, error_messages=errors)
        else:
            super().__init__(data_key=name, load_default=None, allow_none=True)
        self.label = name
        self.multiline = multiline

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> V | None:
        if isinstance(value, str):
            fault = text_fault(value, multiline=self.multiline)
            if fault is not None:
                raise ma.ValidationError(f"{self.label} {fault}")
            value = value.strip() or None
        if value is None:
            if self.required:
                raise ma.ValidationError(f"{self.label} is required")
            return None
        return self.read(value)

    def read(self, value: Any) -> V:
        """The value of a cell that is not empty."""
        raise NotImplementedError

    def text(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ma.ValidationError(f"{self.label} must be text")
        return value

    def parse(self, value: Any, parse: Callable[[str], T], what: str) -> T:
        if not isinstance(value, str):
            raise ma.ValidationError(f"{self.label} must be {what}")
        try:
            return parse(value)
        except ValueError:
            raise ma.ValidationError(f"{self.label} must be {what}, not {value!r}") from None


class Text(Cell[str]):
    def read(self, value: Any) -> str:
        return self.text(value)


class Day(Cell[date]):
    def read(self, value: Any) -> date:
        return self.parse(value, parse_date, "a date like 2024-05-31")


class Choice(Cell[Enum]):
    def __init__(self, name: str, kind: type[Enum], *, required: bool = False) -> None:
        super().__init__(name, required=required)
        self.kind = kind

    def read(self, value: Any) -> Enum:
        allowed = ", ".join(str(m.value) for m in self.kind)
        return self.parse(value, self.kind, f"one of {allowed}")


class WholeNumber(Cell[int]):
    def read(self, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            number = self.parse(value, whole_number, "a whole number")
        if number not in STORABLE_INTEGERS:
            raise ma.ValidationError(
                f"{self.label} must be a whole number from {STORABLE_INTEGERS.start} to"
                f" {STORABLE_INTEGERS.stop - 1}"
            )
        return number


class Ref(Cell[UUID]):
    def read(self, value: Any) -> UUID:
        return reference(self.text(value))


class Refs(Cell[tuple[UUID, ...]]):
    """Keys or ids: a list, or a text of them separated by `;` (as CSV gives them)."""

    def read(self, value: Any) -> tuple[UUID, ...]:
        items = value.split(";") if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ma.ValidationError(f"{self.label} is a list of keys or ids")
        for item in items:
            fault = text_fault(item)
            if fault is not None:
                raise ma.ValidationError(f"{self.label} {fault}")
        return tuple(reference(i.strip()) for i in items if i.strip())


def reference(value: str) -> UUID:
    """An id as written, or the id an import derived from a key."""
    try:
        return UUID(value)
    except ValueError:
        return import_id(value)


def whole_number(text: str) -> int:
    """`int` takes other scripts' digits, spaces and `_` too: here only ASCII digits."""
    if not re.fullmatch(r"-?[0-9]+", text):
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)
