"""The one rule for text every store can hold (domain.text)."""

from __future__ import annotations

import pytest

from domain.errors import InvalidCommand
from domain.text import check_text, text_fault


@pytest.mark.parametrize(
    "text",
    [
        "Hälso- och sjukvårdsnämnden",
        "§ 112",
        "RS 2023-01756",
        "😀 \U0001d518",
        "a\u2028b",
        "\ufeff",
        "",
    ],
)
def test_text_any_store_holds_passes_in_one_line_and_in_prose(text: str) -> None:
    assert text_fault(text) is None
    assert text_fault(text, multiline=True) is None


@pytest.mark.parametrize(
    "text", ["a\x00", "\ud800", "x\udfffy", "a\x07", "\x1b[31m", "\x7f", "\x85"]
)
def test_nul_lone_surrogates_and_other_controls_are_refused_everywhere(text: str) -> None:
    assert text_fault(text) is not None
    assert text_fault(text, multiline=True) is not None


@pytest.mark.parametrize("text", ["a\nb", "a\r\nb", "a\tb"])
def test_tab_and_line_breaks_belong_to_prose_only(text: str) -> None:
    assert text_fault(text) is not None
    assert text_fault(text, multiline=True) is None


def test_the_fault_names_the_character_and_where_it_is() -> None:
    with pytest.raises(InvalidCommand) as refused:
        check_text("ab\x00c", "name")
    assert refused.value.field == "name"
    assert refused.value.detail == "name must not contain NUL (U+0000 at character 3)"
    assert "lone surrogate (U+D800 at character 2)" in str(text_fault("x\ud800"))
