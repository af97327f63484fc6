"""Limits on uploads, checked before the work they would cost: the rows one import may
hold, and what an XLSX workbook unzips to (read from its zip directory, before any XML of
it is parsed); and how many refused rows a refusal lists."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

LISTED_REFUSALS = 100  # refused rows an import's refusal lists; it counts them all
# Excel writes a dozen parts or so, and deflate shrinks a sheet's XML 5 to 20 times. Like
# Apache POI (ZipSecureFile), a part that unzips past 100 KiB may not shrink more than
# 100 times: a decompression bomb shrinks a thousand times.
MAX_MEMBERS = 1_000
MAX_RATIO = 100
RATIO_GRACE = 100 * 1024


class TooManyRows(Exception):
    """An import holds more rows than MAX_IMPORT_ROWS; none of them was looked at."""

    def __init__(self, limit: int, field: str = "body") -> None:
        self.detail = (
            f"more than {limit:,} rows: one import holds at most {limit:,} (MAX_IMPORT_ROWS);"
            " split it"
        )
        super().__init__(self.detail)
        self.field = field


class WorkbookTooLarge(Exception):
    """An XLSX workbook unzips to more than MAX_XLSX_UNCOMPRESSED bytes."""

    def __init__(self, size: int, limit: int) -> None:
        self.detail = (
            f"the workbook unzips to {size:,} bytes; at most {limit:,} are read"
            " (MAX_XLSX_UNCOMPRESSED)"
        )
        super().__init__(self.detail)
        self.field = "body"


class UnsafeWorkbook(Exception):
    """A zip directory that no spreadsheet program writes: refused unread."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = "body"


def at_most(rows: Iterable[T], limit: int, field: str = "body") -> list[T]:
    """The rows, reading no further than one past `limit`; more than `limit` is refused."""
    taken: list[T] = []
    for row in rows:
        if len(taken) == limit:
            raise TooManyRows(limit, field)
        taken.append(row)
    return taken


def check_workbook(content: bytes, limit: int) -> None:
    """Refuses a workbook by its zip directory: what its parts claim to unzip to (zipfile
    never reads a part past its claimed size), their number, and how much each shrank."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip at all: the workbook reader says so
    if len(members) > MAX_MEMBERS:
        raise UnsafeWorkbook(
            f"the workbook has {len(members):,} parts; a workbook has at most {MAX_MEMBERS:,}"
        )
    size = sum(member.file_size for member in members)
    if size > limit:
        raise WorkbookTooLarge(size, limit)
    for member in members:
        if member.file_size > RATIO_GRACE and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise UnsafeWorkbook(
                f"the workbook's part {member.filename!r} unzips to {member.file_size:,} bytes"
                f" from {member.compress_size:,}: more than {MAX_RATIO} times, as a"
                " decompression bomb does and no sheet"
            )
