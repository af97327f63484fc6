"""Errors the use cases raise beside the domain's own rule violations."""

from __future__ import annotations

from uuid import UUID


class ApplicationError(Exception):
    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class NotFound(ApplicationError):
    """The thing named in the path does not exist."""

    def __init__(self, what: str, thing_id: UUID | int) -> None:
        super().__init__(f"no {what} with id {thing_id}")


class UnknownReference(ApplicationError):
    """An id in the request body or query names nothing that exists."""

    def __init__(self, field: str, what: str, thing_id: UUID) -> None:
        super().__init__(f"no {what} with id {thing_id}", field=field)


class VersionMismatch(ApplicationError):
    """If-Match named a version that is no longer current."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(f"version {expected} was expected but the current version is {current}")
        self.current = current


class ConcurrentWrite(ApplicationError):
    """Another write to the same thing won twice in a row."""


class StoreUnavailable(ApplicationError):
    """The event store cannot be reached just now."""


class AlreadyApplied(ApplicationError):
    """The request's idempotency key was recorded by an earlier save: it took effect."""

    def __init__(self, position: int) -> None:
        super().__init__(f"this request was applied already, at position {position}")
        self.position = position


class NotAllowed(ApplicationError):
    """The principal holds no grant that allows the request (HTTP 403): `needs` names the
    roles any one of which would."""

    def __init__(self, detail: str, *, needs: tuple[str, ...], field: str | None = None) -> None:
        super().__init__(detail, field=field)
        self.extensions = {"needs": list(needs)}


class RoleMissing(NotAllowed):
    """The principal holds none of the roles the operation needs, on the day it asks."""


class OutOfScope(NotAllowed):
    """A follow-up officer reporting for an organ outside the organs of its grants."""
