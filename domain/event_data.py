"""An event as plain data (for audit trails and the event feed): our fields, not the library's."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from domain.periods import Period

LIBRARY_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})


def event_type(event: object) -> str:
    """'Organ.Renamed': the event's stable name, as its topic gives it."""
    topic: str = getattr(type(event), "TOPIC", type(event).__qualname__)
    return topic.partition(":")[2] or topic


def event_data(event: object) -> dict[str, Any]:
    assert dataclasses.is_dataclass(event)
    return {
        f.name: plain(getattr(event, f.name))
        for f in dataclasses.fields(event)
        if f.name not in LIBRARY_FIELDS
    }


def plain(value: Any) -> Any:
    """JSON-ready: dates as ISO text, ids as text, enumerations by value, periods as their
    text (2024-T1), a value object (an owner) by its fields that are set; Decimals stay
    exact."""
    if isinstance(value, Period):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool, Decimal)) or value is None:
        return value
    raise TypeError(f"no plain form for {type(value).__name__}")
