"""A query or body value refused beyond what the schemas judge alone: a cursor this server
did not give out, a period that is no period, a mandate version the organ never had."""

from __future__ import annotations


class InvalidArgument(Exception):
    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.detail = detail
