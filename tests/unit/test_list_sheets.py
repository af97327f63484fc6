"""A whole list for a spreadsheet: read page after page, bounded, and worded."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import pytest

from domain.assignments import AssignmentStatus
from domain.composition import PresidiumRole, SeatRole
from domain.decisions import DecisionOutcome, DecisionType
from domain.organ_kinds import GovernanceLevel, GroupType, OrganKind
from interfaces.list_sheets import filters
from interfaces.queries.pages import EXPORT_PAGE, ListTooLong, Page, page_of, whole_list
from interfaces.sheet_labels import VALUES
from projections.as_of import AsOf

AS_OF = AsOf(date(2024, 1, 1), "7", 7, pinned=True)


def numbers(count: int) -> tuple[Any, list[tuple[Any, int]]]:
    """A paged list of the numbers below `count`, and the (after, limit) of every read."""
    reads: list[tuple[Any, int]] = []

    def read_page(after: Any, limit: int) -> Page[int]:
        reads.append((after, limit))
        start = 0 if after is None else after + 1
        return page_of(list(range(start, min(start + limit, count))), limit, AS_OF, lambda n: n)

    return read_page, reads


def test_a_whole_list_is_every_page_in_order() -> None:
    read_page, reads = numbers(2 * EXPORT_PAGE + 5)
    assert whole_list(read_page, 10_000) == list(range(2 * EXPORT_PAGE + 5))
    assert [after for after, _ in reads] == [None, EXPORT_PAGE - 1, 2 * EXPORT_PAGE - 1]


def test_a_list_as_long_as_the_bound_is_whole_and_one_more_is_refused_unread_beyond() -> None:
    read_page, _ = numbers(2500)
    assert len(whole_list(read_page, 2500)) == 2500
    read_page, reads = numbers(10_000)
    with pytest.raises(ListTooLong, match="2,500 rows"):
        whole_list(read_page, 2500)
    assert sum(limit for _, limit in reads) == 2501, "it reads one row beyond, no more"


@pytest.mark.parametrize(
    "vocabulary",
    [OrganKind, GroupType, GovernanceLevel, SeatRole, PresidiumRole, DecisionType,
     DecisionOutcome, AssignmentStatus],
)  # fmt: skip
def test_every_word_of_a_listed_vocabulary_has_a_label_in_both_languages(
    vocabulary: type[Enum],
) -> None:
    for lang in ("sv", "en"):
        assert {m.value for m in vocabulary} <= set(VALUES[lang]), lang


def test_the_title_block_states_every_filter_given_and_no_other_argument() -> None:
    args = {
        "kind": OrganKind.COMMITTEE, "q": "nämnd", "parent_id": None, "format": "xlsx",
        "lang": "sv", "valid_at": date(2024, 1, 1), "known_at": None, "dialect": "excel",
    }  # fmt: skip
    assert filters(args) == "kind=committee, q=nämnd"
    assert filters({"format": "csv", "organisation_id": None}) is None
