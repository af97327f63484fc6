"""The slow way to the same answer: replay the store up to a position, then look at a date.

Benchmarks and tests use it as the oracle that as-of reads from the indexed tables must match.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.composition import Composition, SeatRecord
from domain.organ_record import OrganRecord
from domain.organs import Organ
from projections.follower import EventSource


def replay_organs(
    source: EventSource, until: int, batch_size: int = 2000
) -> dict[UUID, OrganRecord]:
    records: dict[UUID, OrganRecord] = {}
    after = 0
    while after < until and (batch := source.read(after, batch_size)):
        for recorded in batch:
            if recorded.position > until:
                return records
            event = recorded.event
            if isinstance(event, Organ.Established):
                records[event.originator_id] = event.new_record()
            elif isinstance(event, Organ.Event):
                event.evolve(records[event.originator_id])
        after = batch[-1].position
    return records


def organ_names_by_replay(
    source: EventSource, on: date, until: int
) -> dict[UUID, tuple[str, UUID | None]]:
    """Each organ existing on the date as known at `until`: its name and parent."""
    answer = {}
    for organ_id, record in replay_organs(source, until).items():
        state = record.state_on(on)
        if state is not None:
            answer[organ_id] = (state.name, state.parent_id)
    return answer


def seats_by_replay(
    source: EventSource, on: date, until: int, batch_size: int = 2000
) -> dict[UUID, tuple[UUID, UUID, str | None]]:
    """Each seat held on the date as known at `until`: its organ, person and presidium role."""
    records: dict[UUID, SeatRecord] = {}
    after = 0
    while after < until and (batch := source.read(after, batch_size)):
        for recorded in batch:
            if recorded.position > until:
                break
            event = recorded.event
            if isinstance(event, Composition.MemberAppointed):
                records[event.seat_id] = event.new_record()
            elif isinstance(event, Composition.SeatEvent):
                event.evolve(records[event.seat_id])
        after = batch[-1].position
    return {
        seat_id: (r.seat.organ_id, r.seat.person_id, role.value if role else None)
        for seat_id, r in records.items()
        if r.holds(on)
        for role in [r.presidium_on(on)]
    }
