"""IDEMPOTENCY_KEY_TTL_SECONDS: how long a key and its answer are kept, 24 h by default."""

from __future__ import annotations

import pytest

from interfaces.settings import Settings, SettingsError


def test_keys_are_kept_a_day_unless_configured() -> None:
    assert Settings.from_env({}).idempotency_key_ttl_seconds == 86_400
    configured = Settings.from_env({"IDEMPOTENCY_KEY_TTL_SECONDS": "3600"})
    assert configured.idempotency_key_ttl_seconds == 3600


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf", "a day"])
def test_a_ttl_that_is_no_positive_number_of_seconds_is_refused(value: str) -> None:
    with pytest.raises(SettingsError, match="IDEMPOTENCY_KEY_TTL_SECONDS"):
        Settings.from_env({"IDEMPOTENCY_KEY_TTL_SECONDS": value})
