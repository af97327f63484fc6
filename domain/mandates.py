"""Mandate (uppdragshandling, reglemente, ägardirektiv, instruktion): what an organ is
commissioned to do, in numbered versions, each in force from its own date until the next
version or a withdrawal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand, RuleConflict
from domain.ids import natural_id
from domain.organs import Organ
from domain.provenance import Provenance


class MandateType(Enum):
    MANDATE_DOCUMENT = "mandate_document"
    RULES_OF_PROCEDURE = "rules_of_procedure"
    OWNER_DIRECTIVE = "owner_directive"
    INSTRUCTION = "instruction"


# The mandate's content fields, in the order a document lists them. Content is kept as
# plain JSON values (text, numbers, lists, objects with ids as text) in the events.
CONTENT_FIELDS = (
    "mandate_type",
    "responsibility_area",
    "commissioner",
    "holder",
    "chair",
    "purpose",
    "tasks",
    "participants",
    "co_opted",
    "meetings_per_year",
    "meetings_per_year_approximate",
    "subgroups",
    "links",
    "reporting_to",
    "decision_powers",
)


class MandateNotInForce(RuleConflict):
    """There is no mandate in force to withdraw, or it was withdrawn already."""


class MandateOutOfOrder(RuleConflict):
    """A version must take effect after the versions and withdrawals recorded before it."""


class MandateUnchanged(RuleConflict):
    """The new version would say exactly what the version in force says."""


@dataclass(frozen=True)
class MandateVersion:
    version: int
    effective_on: date
    decision_id: UUID
    content: dict[str, Any]


@dataclass(frozen=True)
class Withdrawal:
    effective_on: date
    decision_id: UUID


class Mandate(Aggregate, created_event_name="Opened"):
    """All versions of one organ's mandate."""

    TOPIC = "styrlogg:Mandate"

    class Event(Aggregate.Event):
        pass

    class Opened(Event, Aggregate.Created):
        TOPIC = "styrlogg:Mandate.Opened"
        organ_id: UUID

    Created = Opened

    class Change(Event):
        TOPIC = "styrlogg:Mandate.Change"  # abstract: never triggered itself
        organ_id: UUID
        effective_on: date
        decision_id: UUID
        actor: str
        correlation_id: str | None
        reason: str | None

    class Issued(Change):
        """A new version (1 for the first, then 2, 3 …) in force from `effective_on`."""

        TOPIC = "styrlogg:Mandate.Issued"
        version: int
        content: dict[str, Any]

        def apply(self, aggregate: Mandate) -> None:
            aggregate.history.append(
                MandateVersion(self.version, self.effective_on, self.decision_id, self.content)
            )

    class Withdrawn(Change):
        TOPIC = "styrlogg:Mandate.Withdrawn"

        def apply(self, aggregate: Mandate) -> None:
            aggregate.history.append(Withdrawal(self.effective_on, self.decision_id))

    def __init__(self, *, organ_id: UUID) -> None:
        self.organ_id = organ_id
        self.history: list[MandateVersion | Withdrawal] = []

    @staticmethod
    def id_for(organ_id: UUID) -> UUID:
        return natural_id("mandate", str(organ_id))

    @classmethod
    def open(cls, organ_id: UUID) -> Mandate:
        mandate: Mandate = cls._create(cls.Opened, id=cls.id_for(organ_id), organ_id=organ_id)
        return mandate

    def versions(self) -> list[MandateVersion]:
        return [v for v in self.history if isinstance(v, MandateVersion)]

    def latest(self) -> MandateVersion | Withdrawal | None:
        return self.history[-1] if self.history else None

    def issue(
        self,
        organ: Organ,
        content: dict[str, Any],
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> bool:
        """Records a new version; False (nothing written) when the same version is resent."""
        check_content(content)
        organ.check_exists_on(effective_on)
        latest = self.latest()
        if isinstance(latest, MandateVersion) and latest.content == content:
            if (latest.effective_on, latest.decision_id) == (effective_on, decision_id):
                return False
            raise MandateUnchanged(
                f"version {latest.version} in force from {latest.effective_on} says the same"
            )
        if latest is not None and effective_on <= latest.effective_on:
            raise MandateOutOfOrder(
                f"effective_on {effective_on} must come after {latest.effective_on},"
                " when the last recorded version or withdrawal took effect",
                field="effective_on",
            )
        self.trigger_event(
            self.Issued,
            organ_id=self.organ_id,
            version=len(self.versions()) + 1,
            content=content,
            effective_on=effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )
        return True

    def withdraw(self, organ: Organ, effective_on: date, decision_id: UUID, by: Provenance) -> None:
        latest = self.latest()
        if not isinstance(latest, MandateVersion):
            raise MandateNotInForce("the organ has no mandate in force to withdraw")
        if effective_on <= latest.effective_on:
            raise MandateOutOfOrder(
                f"effective_on {effective_on} must come after {latest.effective_on},"
                f" when version {latest.version} took effect",
                field="effective_on",
            )
        organ.check_exists_on(effective_on)
        self.trigger_event(
            self.Withdrawn,
            organ_id=self.organ_id,
            effective_on=effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )

    def end_on_dissolution(self, on: date, decision_id: UUID, by: Provenance) -> None:
        """A dissolved organ's mandate in force ends with it, in the dissolution's save."""
        latest = self.latest()
        if latest is not None and latest.effective_on >= on:
            raise MandateOutOfOrder(
                f"a mandate change effective {latest.effective_on} is recorded;"
                " the dissolution must come after it",
                field="effective_on",
            )
        if isinstance(latest, MandateVersion):
            ended = Provenance(by.actor, by.correlation_id, by.reason or "organ dissolved")
            self.trigger_event(
                self.Withdrawn,
                organ_id=self.organ_id,
                effective_on=on,
                decision_id=decision_id,
                actor=ended.actor,
                correlation_id=ended.correlation_id,
                reason=ended.reason,
            )


def check_content(content: dict[str, Any]) -> None:
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise InvalidCommand(f"unknown mandate fields: {sorted(unknown)}", field=min(unknown))
    if content.get("mandate_type") not in {t.value for t in MandateType}:
        raise InvalidCommand("a mandate needs a known mandate_type", field="mandate_type")


def difference(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Field by field, in document order: what one version says against another.

    For list fields, also which items were added and which removed."""
    changes = []
    for name in CONTENT_FIELDS:
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        change: dict[str, Any] = {"field": name, "from": before, "to": after}
        if isinstance(before, list) and isinstance(after, list):
            change["added"] = [item for item in after if item not in before]
            change["removed"] = [item for item in before if item not in after]
        changes.append(change)
    return changes


def person_ids(content: dict[str, Any]) -> list[tuple[str, UUID]]:
    """(field, person id) for every person the content names."""
    found = []
    for name in ("commissioner", "holder", "chair"):
        value = content.get(name)
        if isinstance(value, dict) and value.get("person_id"):
            found.append((name, UUID(value["person_id"])))
    return found


def organ_ids(content: dict[str, Any]) -> list[tuple[str, UUID]]:
    """(field, organ id) for every organ the content names."""
    found = []
    for name in ("participants", "links", "reporting_to"):
        for item in content.get(name) or []:
            if isinstance(item, dict) and item.get("organ_id"):
                found.append((name, UUID(item["organ_id"])))
    return found
