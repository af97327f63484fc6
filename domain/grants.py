"""Who may do what (behörighet): the roles granted to a principal, from which date, under
which decision, and their revocations, as events like any other change.

One `Access` aggregate per principal (its id derived from the principal) holds every
grant the principal was given. A write is checked against it as the store knows it then,
so a grant or a revocation takes effect with the save that records it; a revocation dated
back does not undo what was allowed when it was written (the audit shows both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand, RuleConflict
from domain.ids import natural_id
from domain.provenance import Provenance

# Visible ASCII: an API token's principal, or an identity provider's `sub`.
PRINCIPAL = re.compile(r"[\x21-\x7e]{1,255}")


class Role(Enum):
    AUDITOR = "auditor"
    """Reads everything (history, the event feed, exports); writes nothing."""
    FOLLOW_UP_OFFICER = "follow_up_officer"
    """Reports period-keyed facts for the organs in its scope (and their trees)."""
    CORRECTOR = "corrector"
    """Corrects a locked period; reports period-keyed facts for any organ."""
    REGISTRAR = "registrar"
    """Decisions, organs, composition, mandates, assignments, plans, items, targets."""
    ADMIN = "admin"
    """Grants and their revocations."""


SCOPED = frozenset({Role.FOLLOW_UP_OFFICER})
"""Roles that hold only for organs named in the grant (and the organs below them)."""


class GrantHeld(RuleConflict):
    """The principal holds that role (with that scope) already, unrevoked."""


class GrantRevoked(RuleConflict):
    """The grant was revoked already."""


class RevocationBeforeGrant(RuleConflict):
    """A revocation cannot take effect before the grant it ends did."""


@dataclass(frozen=True)
class GrantState:
    grant_id: UUID
    role: Role
    organ_ids: tuple[UUID, ...]
    valid_from: date
    valid_to: date | None
    """The first day it no longer holds: the revocation's `effective_on`, if revoked."""

    def holds_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def access_id(principal: str) -> UUID:
    return natural_id("access", principal)


def check_principal(principal: str) -> str:
    if not PRINCIPAL.fullmatch(principal):
        raise InvalidCommand(
            "a principal is 1 to 255 visible ASCII characters (no spaces)", field="principal"
        )
    return principal


class Access(Aggregate, created_event_name="Opened"):
    TOPIC = "styrlogg:Access"

    class Event(Aggregate.Event):
        actor: str
        correlation_id: str | None
        reason: str | None

    class Opened(Event, Aggregate.Created):
        TOPIC = "styrlogg:Access.Opened"
        principal: str

    Created = Opened

    class Granted(Event):
        TOPIC = "styrlogg:Access.Granted"
        grant_id: UUID
        role: Role
        organ_ids: list[UUID]
        effective_on: date
        decision_id: UUID | None

        def apply(self, aggregate: Access) -> None:
            aggregate.grants[self.grant_id] = GrantState(
                self.grant_id, self.role, tuple(self.organ_ids), self.effective_on, None
            )

    class Revoked(Event):
        TOPIC = "styrlogg:Access.Revoked"
        grant_id: UUID
        effective_on: date
        decision_id: UUID | None

        def apply(self, aggregate: Access) -> None:
            held = aggregate.grants[self.grant_id]
            aggregate.grants[self.grant_id] = GrantState(
                held.grant_id, held.role, held.organ_ids, held.valid_from, self.effective_on
            )

    def __init__(self, *, principal: str) -> None:
        self.principal = principal
        self.grants: dict[UUID, GrantState] = {}

    @classmethod
    def open(cls, principal: str, by: Provenance) -> Access:
        check_principal(principal)
        access: Access = cls._create(
            cls.Opened,
            id=access_id(principal),
            principal=principal,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=None,
        )
        return access

    def grant(
        self,
        grant_id: UUID,
        role: Role,
        organ_ids: list[UUID],
        effective_on: date,
        decision_id: UUID | None,
        by: Provenance,
    ) -> GrantState:
        scope = list(dict.fromkeys(organ_ids))
        if len(scope) != len(organ_ids):
            raise InvalidCommand("an organ is named twice", field="organ_ids")
        if role in SCOPED and not scope:
            raise InvalidCommand(
                f"a {role.value} is granted for one or more organs", field="organ_ids"
            )
        if role not in SCOPED and scope:
            raise InvalidCommand(
                f"a {role.value} holds for every organ: it takes no organ_ids", field="organ_ids"
            )
        if grant_id in self.grants:
            raise GrantHeld(f"the grant {grant_id} exists already", field="id")
        for held in self.grants.values():
            if held.role is role and set(held.organ_ids) == set(scope) and held.valid_to is None:
                raise GrantHeld(
                    f"{self.principal} holds {role.value} already (grant {held.grant_id},"
                    f" from {held.valid_from})",
                    field="role",
                )
        self.trigger_event(
            self.Granted,
            grant_id=grant_id,
            role=role,
            organ_ids=scope,
            effective_on=effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )
        return self.grants[grant_id]

    def revoke(
        self, grant_id: UUID, effective_on: date, decision_id: UUID | None, by: Provenance
    ) -> GrantState:
        held = self.grants[grant_id]  # the use case asks `grants` first: 404 otherwise
        if held.valid_to is not None:
            raise GrantRevoked(f"the grant was revoked from {held.valid_to}", field="grant_id")
        if effective_on < held.valid_from:
            raise RevocationBeforeGrant(
                f"the grant holds from {held.valid_from}; it cannot end before"
                f" (effective_on {effective_on})",
                field="effective_on",
            )
        self.trigger_event(
            self.Revoked,
            grant_id=grant_id,
            effective_on=effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )
        return self.grants[grant_id]

    def roles_on(self, day: date) -> list[GrantState]:
        """The grants that hold on `day`, as this aggregate knows them."""
        return [g for g in self.grants.values() if g.holds_on(day)]
