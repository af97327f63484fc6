"""What the principal of a request may do: the roles its grants give on the day of the
request, and the organs a follow-up officer's grants name.

The HTTP layer sets `current_authority` for every authenticated request, from the
principal's `Access` as the store holds it then (interfaces.http.authorization); the
role an operation needs is checked there. The checks that depend on what a command
loads, whether a follow-up officer may report for this indicator or item and whether a
locked period may be corrected, are made here, by the use cases. A process that is not
serving a request (the CLI, the demo loader, an import run by the operator) acts as the
operator, who may do everything: whoever runs it holds the store already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from application.errors import OutOfScope, RoleMissing
from domain.grants import Role
from domain.organs import Organ

OrganLoader = Callable[[UUID], Organ | None]
"""Loads an organ by id (from the command's `Loaded`), or None when none is recorded."""
# Far deeper than any organisation; a bound for the walk up, not a rule.
MAX_DEPTH = 64


@dataclass(frozen=True)
class Authority:
    roles: frozenset[Role]
    officer_scope: frozenset[UUID] | None
    """The organs of the follow-up officer's grants: it reports for them and below;
    None: for every organ."""

    @property
    def may_correct(self) -> bool:
        """A corrector may change the values of a locked period."""
        return Role.CORRECTOR in self.roles


OPERATOR = Authority(frozenset(Role) - {Role.CORRECTOR}, None)
"""Whoever runs the CLI: everything but a correction of a locked period, which needs a
corrector's grant (as CORRECTORS did before it, which never named the local actor)."""
current_authority: ContextVar[Authority] = ContextVar("current_authority", default=OPERATOR)


@contextmanager
def acting_as(authority: Authority) -> Iterator[None]:
    """Runs the commands inside as a principal with this authority (tests, jobs)."""
    token = current_authority.set(authority)
    try:
        yield
    finally:
        current_authority.reset(token)


def may_correct() -> bool:
    return current_authority.get().may_correct


def check_may_report(organ_ids: Iterable[UUID], on: date, load: OrganLoader, what: str) -> None:
    """A period-keyed fact about `organ_ids` (an indicator's subject, an item's owners)
    may be reported by a corrector, or by a follow-up officer one of whose organs is one
    of them or above one of them in the organ tree on `on` (the period's last day)."""
    authority = current_authority.get()
    if Role.CORRECTOR in authority.roles:
        return
    if Role.FOLLOW_UP_OFFICER not in authority.roles:
        raise RoleMissing(
            "reporting follow-up needs the role follow_up_officer (or corrector)",
            needs=(Role.FOLLOW_UP_OFFICER.value, Role.CORRECTOR.value),
        )
    scope = authority.officer_scope
    if scope is None:
        return
    for organ_id in organ_ids:
        if _within(organ_id, on, scope, load):
            return
    raise OutOfScope(
        f"{what} belongs to no organ of this follow-up officer's grants on {on} (nor to an"
        " organ below one of them)",
        needs=(Role.FOLLOW_UP_OFFICER.value, Role.CORRECTOR.value),
    )


def _within(organ_id: UUID, on: date, scope: frozenset[UUID], load: OrganLoader) -> bool:
    node: UUID | None = organ_id
    for _ in range(MAX_DEPTH):
        if node is None:
            return False
        if node in scope:
            return True
        organ = load(node)
        if organ is None:
            return False
        try:
            node = organ.record.parents.at(on)
        except KeyError:  # not yet established on that day: in no tree then
            return False
    return False


def check_may_set_targets() -> None:
    """Targets are set by decision, as the plan is: a registrar's (a row of a period's
    values file that sets a target, sent by a follow-up officer, is refused)."""
    if Role.REGISTRAR not in current_authority.get().roles:
        raise RoleMissing(
            "setting a target needs the role registrar", needs=(Role.REGISTRAR.value,)
        )
