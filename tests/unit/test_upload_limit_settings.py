"""MAX_CONTENT_LENGTH, MAX_IMPORT_ROWS, MAX_XLSX_UNCOMPRESSED and MAX_EXPORT_ROWS: defaults,
and refusals."""

from __future__ import annotations

import pytest

from interfaces.settings import Settings, SettingsError

KEYS = ("MAX_CONTENT_LENGTH", "MAX_IMPORT_ROWS", "MAX_XLSX_UNCOMPRESSED", "MAX_EXPORT_ROWS")


def test_uploads_are_bounded_by_default() -> None:
    settings = Settings.from_env({})
    assert settings.max_content_length == 5 * 1024 * 1024
    assert settings.max_import_rows == 10_000
    assert settings.max_xlsx_uncompressed == 50 * 1024 * 1024
    assert settings.max_export_rows == 10_000


def test_each_limit_can_be_set() -> None:
    settings = Settings.from_env(dict.fromkeys(KEYS, "1234"))
    assert (
        settings.max_content_length,
        settings.max_import_rows,
        settings.max_xlsx_uncompressed,
        settings.max_export_rows,
    ) == (1234, 1234, 1234, 1234)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("value", ["0", "-1", "1.5", "5MB", "none"])
def test_a_limit_that_is_no_positive_whole_number_is_refused(key: str, value: str) -> None:
    with pytest.raises(SettingsError, match=key):
        Settings.from_env({key: value})
