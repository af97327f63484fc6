"""The one event-sourced application: every aggregate, one store, one position sequence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol, TypeVar, runtime_checkable
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    JSONTranscoder,
    Mapper,
    Notification,
    OperationalError,
    StoredEvent,
    Transcoding,
)
from eventsourcing.utils import get_topic, strtobool

from application.errors import (
    AlreadyApplied,
    ConcurrentWrite,
    NotFound,
    StoreUnavailable,
    UnknownReference,
    VersionMismatch,
)
from domain.assignments import Assignee, AssignmentStatus
from domain.composition import PresidiumRole, SeatRole
from domain.decisions import DecisionOutcome, DecisionType
from domain.errors import AlreadyExists
from domain.grants import Role
from domain.indicators import Accumulation, Direction, Series
from domain.mandates import MandateType
from domain.organ_kinds import GovernanceLevel, GroupType, OrganKind
from domain.organs import Organ
from domain.period_facts import AssessmentBasis, AssessmentStatus
from domain.periods import Period, Periodicity
from domain.plan_items import FollowUpStatus, ItemKind, Owner, OwnerRole
from domain.plans import Mark, PlanKind
from domain.retired_events import RETIRED
from domain.tree_guard import TreeGuard

A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")

# Every plain Enum that events carry; the name given is permanent once released.
ENUMS: tuple[type[Enum], ...] = (
    OrganKind,
    GroupType,
    GovernanceLevel,
    DecisionType,
    DecisionOutcome,
    SeatRole,
    PresidiumRole,
    MandateType,
    Periodicity,
    AssignmentStatus,
    PlanKind,
    ItemKind,
    OwnerRole,
    FollowUpStatus,
    Direction,
    Accumulation,
    AssessmentStatus,
    AssessmentBasis,
    Series,  # held only by events of the retired Indicator.ValueRecorded
    Mark,  # held by no event yet; registered so that one may
    Role,
)


@dataclass(frozen=True)
class Claim:
    """An idempotency key, recorded in the same save as the events its request wrote: a
    second save with the same key collides, unless the first is older than `ttl_seconds`."""

    key_id: UUID
    ttl_seconds: float


@runtime_checkable
class SaveLog(Protocol):
    """What the store's recorder keeps beside the events (interfaces.store)."""

    def save_end_of(self, save_id: UUID) -> int | None:
        """The last position of the save with this id, if it was committed."""

    def claimed_at_position(self, claim: Claim) -> int | None:
        """The save end of the save that recorded this claim's key, unless it has expired."""

    def last_save_end(self) -> int: ...

    def save_end_before(self, position: int) -> int:
        """The last save end before `position` (0 when none): where its save began, less one."""

    def select_save_ends(self, after: int, stop: int | None, limit: int) -> list[tuple[int, int]]:
        """(position, recorded_at in microseconds) of save ends in (after, stop]."""

    def backfill_save_ends(self, timestamp_of: Callable[[Notification], datetime]) -> int:
        """Gives each event written before save ends were kept a save end of its own."""


# The idempotency claim of the request being served, set by the HTTP layer.
current_claim: ContextVar[Claim | None] = ContextVar("current_claim", default=None)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    def __init__(self, enum: type[Enum]) -> None:
        self.type = enum
        self.name = f"enum_{enum.__name__}"

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        member: Enum = self.type(data)
        return member


class PeriodAsText(Transcoding):
    type = Period
    name = "period"

    def encode(self, obj: Period) -> str:
        return str(obj)

    def decode(self, data: str) -> Period:
        return Period.parse(data)


class OwnerAsDict(Transcoding):
    type = Owner
    name = "owner"

    def encode(self, obj: Owner) -> dict[str, Any]:
        return {"role": obj.role, "person_id": obj.person_id, "organ_id": obj.organ_id}

    def decode(self, data: dict[str, Any]) -> Owner:
        return Owner(data["role"], data["person_id"], data["organ_id"])


class AssigneeAsDict(Transcoding):
    type = Assignee
    name = "assignee"

    def encode(self, obj: Assignee) -> dict[str, Any]:
        return {"organ_id": obj.organ_id, "person_id": obj.person_id}

    def decode(self, data: dict[str, Any]) -> Assignee:
        return Assignee(data["organ_id"], data["person_id"])


class SuccessorMapper(Mapper[UUID]):
    """The library's mapper, which also reads an event of a retired topic as its
    successor (domain.retired_events): the stored state is decoded, given the successor's
    shape and topic, and then read as any event of that topic is (upcasters included)."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        retired = RETIRED.get(stored_event.topic)
        if retired is not None:
            stored_event = self._as_successor(stored_event, retired.read)
        return super().to_domain_event(stored_event)

    def _as_successor(
        self, stored: StoredEvent, read: Callable[[dict[str, Any]], type[Any]]
    ) -> StoredEvent:
        state = stored.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        decoded: dict[str, Any] = self.transcoder.decode(state)
        successor = read(decoded)
        state = self.transcoder.encode(decoded)
        if self.compressor:
            state = self.compressor.compress(state)
        if self.cipher:
            state = self.cipher.encrypt(state)
        return StoredEvent(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=get_topic(successor),
            state=state,
        )


class Styrlogg(Application[UUID]):
    name = "styrlogg"

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        if not isinstance(self.recorder, SaveLog):
            raise TypeError(f"{type(self.recorder).__name__} keeps no save ends")
        self.saves: SaveLog = self.recorder
        if strtobool(self.env.get("CREATE_TABLE") or "y"):
            self.saves.backfill_save_ends(self._timestamp)

    def _timestamp(self, notification: Notification) -> datetime:
        event = self.mapper.to_domain_event(notification)
        assert isinstance(event, DomainEvent)
        return event.timestamp

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        for enum in ENUMS:
            transcoder.register(EnumAsValue(enum))
        transcoder.register(PeriodAsText())
        transcoder.register(OwnerAsDict())
        transcoder.register(AssigneeAsDict())

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=SuccessorMapper
        )

    def load(
        self,
        kind: type[A],
        thing_id: UUID,
        *,
        what: str,
        field: str | None = None,
        unfounded: bool = False,
    ) -> A:
        """The aggregate, or NotFound (a path id) / UnknownReference (a body field); an
        organ whose establishment was annulled does not exist, unless `unfounded`."""
        aggregate: Aggregate | None
        try:
            aggregate = self.repository.get(thing_id)
        except AggregateNotFoundError:
            aggregate = None
        if isinstance(aggregate, Organ) and aggregate.record.unfounded and not unfounded:
            aggregate = None
        if isinstance(aggregate, kind):
            return aggregate
        if field is None:
            raise NotFound(what, thing_id)
        raise UnknownReference(field, what, thing_id)

    def exists(self, thing_id: UUID) -> bool:
        return thing_id in self.repository

    def tree_guard(self, tree: str) -> TreeGuard:
        """The tree's guard at its current version, without replaying its events.

        A guard gains an event with every move in its tree, forever; only its version
        matters (the next move's event must take the next one), so it is rebuilt from its
        first event and given the version of its last: two indexed reads, however many
        moves there have been."""
        guard_id = TreeGuard.id_for(tree)
        first = self.recorder.select_events(guard_id, limit=1)
        if not first:
            return TreeGuard.open(tree)
        last = self.recorder.select_events(guard_id, desc=True, limit=1)
        opened = self.mapper.to_domain_event(first[0])
        assert isinstance(opened, TreeGuard.Opened)
        guard = opened.mutate(None)
        assert isinstance(guard, TreeGuard)
        guard.version = last[0].originator_version
        return guard

    def save_all(self, *aggregates: Aggregate | None) -> int:
        """Saves atomically; returns the position of the last event written (a save end).

        When the store fails to answer after committing (a lost acknowledgement), the
        recorder's retry collides with the events it wrote itself: the save's id, kept
        with its end, tells that apart from a concurrent write. A save that carries the
        request's idempotency claim collides with an earlier run of the same request."""
        save_id = uuid4()
        claim = current_claim.get()
        try:
            recordings = self.save(*aggregates, save_id=save_id, claim=claim)
        except IntegrityError:
            committed = self.saves.save_end_of(save_id)
            if committed is not None:
                return committed
            if claim is not None:
                applied = self.saves.claimed_at_position(claim)
                if applied is not None:
                    raise AlreadyApplied(applied) from None
            raise
        if not recordings:
            return self.last_position()
        return max(r.notification.id for r in recordings)

    def last_position(self) -> int:
        """The last save end: where a read of everything recorded would stand."""
        return self.saves.last_save_end()

    def saved_events(self, end: int) -> list[tuple[int, DomainEvent]]:
        """The events of the save that ended at `end`, with their positions."""
        with translate_store_errors():
            after = self.saves.save_end_before(end)
            notifications = self.recorder.select_notifications(
                start=after, limit=end - after, stop=end, inclusive_of_start=False
            )
        events = []
        for notification in notifications:
            event = self.mapper.to_domain_event(notification)
            assert isinstance(event, DomainEvent)
            events.append((notification.id, event))
        return events

    def write(self, command: Callable[[], T]) -> T:
        """Runs load → call → save; a lost race is retried once from a fresh read, then 409."""
        with translate_store_errors():
            try:
                return command()
            except IntegrityError:
                try:
                    return command()
                except IntegrityError as error:
                    raise ConcurrentWrite(
                        "a concurrent write changed the same records; read again and retry"
                    ) from error


class Loaded:
    """The aggregates one command has loaded or made, each once: saved together at the end."""

    def __init__(self, app: Styrlogg) -> None:
        self.app = app
        self._aggregates: dict[UUID, Aggregate] = {}
        self._absent: set[UUID] = set()  # ids `has` found in neither, asked once

    def get(
        self,
        kind: type[A],
        thing_id: UUID,
        *,
        what: str,
        field: str | None = None,
        expected: int | None = None,
        unfounded: bool = False,
    ) -> A:
        """The thing; with `expected` (the version an If-Match names), VersionMismatch
        unless it is at that version. Checked on every run of the command, so a retry
        after a lost race checks against what won it. An organ recorded by mistake (its
        establishment annulled) does not exist, unless `unfounded`."""
        aggregate = self._aggregates.get(thing_id)
        if not isinstance(aggregate, kind):
            aggregate = self.app.load(kind, thing_id, what=what, field=field, unfounded=True)
            self._aggregates[thing_id] = aggregate
        if isinstance(aggregate, Organ) and aggregate.record.unfounded and not unfounded:
            if field is None:
                raise NotFound(what, thing_id)
            raise UnknownReference(field, what, thing_id)
        if expected is not None and aggregate.version != expected:
            raise VersionMismatch(expected, aggregate.version)
        return aggregate

    def has(self, thing_id: UUID) -> bool:
        """Whether the thing exists in the store or among this command's new aggregates."""
        if thing_id in self._aggregates:
            return True
        if thing_id in self._absent:
            return False
        found = self.app.exists(thing_id)
        if not found:
            self._absent.add(thing_id)
        return found

    def add(self, aggregate: A) -> A:
        """Takes part in the save: a thing loaded, or one made new (see `check_new`)."""
        self.check_new(aggregate)
        self._aggregates[aggregate.id] = aggregate
        return aggregate

    def check_new(self, aggregate: Aggregate) -> None:
        """A thing made new must have an id that names nothing recorded yet: making a
        natural key's thing again is AlreadyExists, and writes nothing."""
        pending = aggregate.pending_events
        if pending and pending[0].originator_version == 1 and self.has(aggregate.id):
            raise self._exists(aggregate)

    def _exists(self, aggregate: Aggregate) -> Exception:
        claim = current_claim.get()
        applied = self.app.saves.claimed_at_position(claim) if claim is not None else None
        if applied is not None:  # this request made it: its retry is answered as a replay
            return AlreadyApplied(applied)
        what = re.sub(r"(?<!^)(?=[A-Z])", " ", type(aggregate).__name__).lower()
        return AlreadyExists(f"{what} {aggregate.id} is recorded already")

    def guard_move(self, tree: str, moved_id: UUID) -> None:
        """Records the move on its tree's guard, so that concurrent moves in one tree
        collide and the loser is checked again (see domain.tree_guard)."""
        guard = self._aggregates.get(TreeGuard.id_for(tree))
        if not isinstance(guard, TreeGuard):
            guard = self.add(self.app.tree_guard(tree))
        guard.checked(moved_id)

    def save_if(self, written: bool) -> int:
        """Saves when the command wrote something; either way, the position it leaves."""
        return self.save() if written else self.app.last_position()

    def save(self) -> int:
        changed = [a for a in self._aggregates.values() if a.pending_events]
        # New aggregates first, so that nothing cites an organ before it exists in the log.
        changed.sort(key=lambda a: a.pending_events[0].originator_version != 1)
        return self.app.save_all(*changed)


@contextmanager
def translate_store_errors() -> Iterator[None]:
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        raise StoreUnavailable(f"the event store is unavailable: {error}") from error
