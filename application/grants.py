"""Grant use cases: give a principal a role from a date, revoke it from a date, and what a
principal may do on a day (its `Authority`), as the store holds it now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg, translate_store_errors
from application.authority import Authority
from application.errors import NotFound
from domain.decisions import Decision
from domain.grants import Access, GrantState, Role, access_id, check_principal
from domain.organs import Organ
from domain.provenance import Provenance


@dataclass(frozen=True)
class NewGrant:
    principal: str
    role: Role
    effective_on: date
    organ_ids: tuple[UUID, ...] = ()
    decision_id: UUID | None = None
    grant_id: UUID | None = None


@dataclass(frozen=True)
class GrantWritten:
    principal: str
    grant: GrantState
    decision_id: UUID | None
    position: int
    version: int
    """The principal's Access (for ETag)."""


class GrantUseCases:
    def __init__(self, app: Styrlogg) -> None:
        self.app = app

    def give(self, new: NewGrant, by: Provenance) -> GrantWritten:
        check_principal(new.principal)
        grant_id = new.grant_id or uuid4()

        def command() -> GrantWritten:
            loaded = Loaded(self.app)
            _check_decision(loaded, new.decision_id)
            for organ_id in new.organ_ids:
                organ = loaded.get(Organ, organ_id, what="organ", field="organ_ids")
                organ.check_exists_on(new.effective_on, field="organ_ids", role="organ")
            access = _access(loaded, new.principal, by)
            state = access.grant(
                grant_id, new.role, list(new.organ_ids), new.effective_on, new.decision_id, by
            )
            position = loaded.save()
            return GrantWritten(new.principal, state, new.decision_id, position, access.version)

        return self.app.write(command)

    def revoke(
        self,
        principal: str,
        grant_id: UUID,
        effective_on: date,
        decision_id: UUID | None,
        by: Provenance,
    ) -> GrantWritten:
        check_principal(principal)

        def command() -> GrantWritten:
            loaded = Loaded(self.app)
            _check_decision(loaded, decision_id)
            the_id = access_id(principal)
            access = loaded.get(Access, the_id, what="grant") if loaded.has(the_id) else None
            if access is None or grant_id not in access.grants:
                raise NotFound(f"grant of {principal}", grant_id)
            state = access.revoke(grant_id, effective_on, decision_id, by)
            position = loaded.save()
            return GrantWritten(principal, state, decision_id, position, access.version)

        return self.app.write(command)

    def held(self, principal: str, on: date) -> list[GrantState]:
        """The principal's grants that hold on `on`, as the store holds them now."""
        with translate_store_errors():  # an outage is 503, as every store read's
            try:
                access = self.app.load(Access, access_id(principal), what="access")
            except NotFound:  # never granted anything
                return []
        return access.roles_on(on)

    def authority(self, principal: str, on: date) -> Authority:
        held = self.held(principal, on)
        return Authority(
            roles=frozenset(g.role for g in held),
            officer_scope=frozenset(
                organ for g in held if g.role is Role.FOLLOW_UP_OFFICER for organ in g.organ_ids
            ),
        )


def _access(loaded: Loaded, principal: str, by: Provenance) -> Access:
    the_id = access_id(principal)
    if loaded.has(the_id):
        return loaded.get(Access, the_id, what="access")
    return loaded.add(Access.open(principal, by))


def _check_decision(loaded: Loaded, decision_id: UUID | None) -> None:
    if decision_id is not None:
        loaded.get(Decision, decision_id, what="decision", field="decision_id")
