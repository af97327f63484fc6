"""schemathesis over every operation of the OpenAPI document, on SQLite and PostgreSQL, one
request at a time and in sequences that follow the links it infers, each signed in with an
API token (unauthenticated requests: test_authentication.py): no request gets a
server error (but a 503 that says when to retry), and every answer is what the document
says (status, media type, headers, body).

`make fuzz` runs it longer (`FUZZ_EXAMPLES`, examples per operation and per sequence).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS, CheckContext, load_all_checks
from schemathesis.core.failures import ServerError
from schemathesis.core.result import Err
from schemathesis.generation.modes import GenerationMode

from interfaces.http.app import create_app
from tests.conftest import opened, store_settings
from tests.support.auth import bearer

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schemathesis.check
def no_server_error(ctx: CheckContext, response: Any, case: Any) -> bool | None:
    """A 5xx is a failure, except a 503 that says when to retry (the store is unreachable
    or `min_position` was not reached in time: the documented, transient answers)."""
    retry_later = response.status_code == 503 and any(
        name.lower() == "retry-after" for name in response.headers
    )
    if response.status_code >= 500 and not retry_later:
        raise ServerError(operation=case.operation.label, status_code=response.status_code)
    return None


load_all_checks()
CONTRACT = [
    no_server_error,
    *(
        CHECKS.get_one(name)
        for name in (
            "status_code_conformance",
            "content_type_conformance",
            "response_headers_conformance",
            "response_schema_conformance",
        )
    ),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def contract_schema(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    settings_ = dataclasses.replace(
        store_settings(request.param, tmp_path_factory.mktemp("fuzz")),
        follower_interval_seconds=0.05,
        min_position_timeout_seconds=0.2,
    )
    with opened(settings_) as container:
        container.start_follower()
        document = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(container))
        yield Signed(document, {"Authorization": bearer(container)})


@dataclasses.dataclass(frozen=True)
class Signed:
    """The document, and the headers that sign every request in."""

    schema: Any
    headers: dict[str, str]


def operations() -> list[tuple[str, GenerationMode]]:
    """Every operation of the document (the same whatever the store behind it), with valid
    input and, where it takes any input, invalid input."""
    with opened(store_settings("memory", Path("."))) as container:
        document = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(container))
        found = []
        for result in document.get_all_operations():
            if isinstance(result, Err):
                raise result.err()  # the document describes an operation it cannot test
            operation = result.ok()
            found.append((operation.label, GenerationMode.POSITIVE))
            inputs = (operation.path_parameters, operation.query, operation.headers)
            if any(len(i) for i in inputs) or len(operation.body):
                found.append((operation.label, GenerationMode.NEGATIVE))
        return found


@pytest.mark.parametrize(("label", "mode"), operations())
def test_no_request_breaks_the_documented_contract(
    contract_schema: Signed, label: str, mode: GenerationMode
) -> None:
    operation = contract_schema.schema[label.split(" ", 1)[1]][label.split(" ", 1)[0]]

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def request(case: Any) -> None:
        case.call_and_validate(headers=contract_schema.headers, checks=CONTRACT)

    request()


def test_no_sequence_of_requests_breaks_the_documented_contract(contract_schema: Signed) -> None:
    class Sequences(contract_schema.schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": contract_schema.headers}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CONTRACT)

    Sequences.run(settings=settings(FUZZ, stateful_step_count=8))
