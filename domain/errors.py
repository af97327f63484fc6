"""Rule violations raised by the domain, each named for what it refuses."""

from __future__ import annotations


class DomainError(Exception):
    """A command the domain refuses; `field` names the input at fault, if one is."""

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class InvalidCommand(DomainError):
    """The command is wrong in itself, whatever has been recorded (HTTP 422)."""


class RuleConflict(DomainError):
    """The command is well-formed but conflicts with what has been recorded (HTTP 409)."""


class AlreadyExists(RuleConflict):
    """A new thing was given the id of one recorded already: the id of a natural key (a
    demo's, an import's, a client's) names what was made the first time."""
