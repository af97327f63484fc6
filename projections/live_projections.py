"""The live generation of the projections as reads see it (projections.generations)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar, Token

from projections.generations import Generation, Generations, ProjectionRebuilding
from projections.sql import Cursor, Database, ProjectionStoreUnavailable


class NoLiveGeneration(ProjectionStoreUnavailable):
    """No generation of the projections was ever made live: `styrlogg init-db` has not run."""


class LiveProjections(Database):
    """The live generation's database, as reads see it. Within one scope (a request) the
    generation is chosen at the first read and kept, so a swap between two reads of one
    answer cannot mix generations."""

    def __init__(self, generations: Generations) -> None:
        self.generations = generations
        self.dialect = generations.registers.dialect
        self._scope: ContextVar[list[tuple[Generation, Database]] | None] = ContextVar(
            "generation_scope", default=None
        )

    def current(self) -> tuple[Generation, Database]:
        scope = self._scope.get()
        if scope:
            return scope[0]
        try:
            live = self.generations.live()
        except LookupError as error:
            raise NoLiveGeneration(str(error)) from error
        chosen = live, self.generations.database(live.number)
        if scope is not None:
            scope.append(chosen)
        return chosen

    def open_scope(self) -> Token[list[tuple[Generation, Database]] | None]:
        """Begins a scope whose reads all use one generation (the live one at its first)."""
        return self._scope.set([])

    def close_scope(self, token: Token[list[tuple[Generation, Database]] | None]) -> None:
        self._scope.reset(token)

    @contextmanager
    def pinned(self) -> Iterator[Generation]:
        token = self.open_scope()
        try:
            yield self.current()[0]
        finally:
            self.close_scope(token)

    def check_serves(self, names: Sequence[str]) -> None:
        """Refuses a read of a projection that the live generation holds at another
        version than this code's (the new version is being built)."""
        versions = self.current()[0].versions
        expected = self.generations.expected
        stale = [name for name in names if versions.get(name) != expected.get(name)]
        if stale:
            raise ProjectionRebuilding(stale)

    def transaction(self) -> AbstractContextManager[Cursor]:
        return self.current()[1].transaction()

    def reading(self) -> AbstractContextManager[Cursor]:
        return self.current()[1].reading()

    def close(self) -> None:
        self.generations.close()

    def scratch(self) -> Database:
        return self.current()[1].scratch()

    def discard(self) -> None:
        raise TypeError("the live projections are never discarded: build a new generation")

    def table_names(self) -> list[str]:
        return self.current()[1].table_names()

    def vacuum(self, tables: Sequence[str]) -> None:
        self.current()[1].vacuum(tables)
