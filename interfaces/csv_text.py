"""CSV text read strictly: a quote left open, or text after a closing quote, is refused
with the row and line it is on, instead of swallowing the rest of the file into one cell."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

MESSAGES = {
    "unexpected end of data": "a quoted cell is never closed (a quote is missing)",
}


class MalformedRow(Exception):
    """A record of the file is not CSV; the records before it were read."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = MESSAGES.get(problem, problem)
        super().__init__(f"from line {line}: {self.problem}")


def records(text: str, dialect: Any = csv.excel) -> Iterator[tuple[int, list[str]]]:
    """Every record with the line it begins on (a blank line is the record [])."""
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise MalformedRow(line, str(error)) from None
        yield line, cells
