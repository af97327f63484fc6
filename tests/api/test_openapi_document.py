"""The OpenAPI document is one clients can build on: every operation named and described,
its problems and headers declared from its route, exact numbers typed as numbers with an
example, request examples from the demo that the schemas accept, a valid document, and
interactive docs served by the app itself (no CDN)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from flask.views import MethodView
from openapi_spec_validator import validate

from domain.grants import Role
from interfaces.cli import main
from interfaces.demo.loader import key_id, load_demo
from interfaces.http.app import create_app
from interfaces.http.json_numbers import Blueprint, DecimalJSONProvider, read_json
from interfaces.http.openapi_examples import EXAMPLES
from tests.api.conftest import serving
from tests.api.test_composition_over_http import appoint, person
from tests.api.test_composition_over_http import setting_up as composition_setting_up
from tests.api.test_mandates_over_http import MANDATE
from tests.api.test_plans_over_http import put, setting_up
from tests.conftest import opened, store_settings
from tests.support.auth import authorized
from tests.support.openapi import mismatches

Operation = tuple[str, str, dict[str, Any]]
WRITES = ("post", "put")
PUBLIC = {"/api/v1/health", "/api/v1/healthz", "/api/v1/readyz"}  # no token needed
# The period-keyed facts: a write of one is 423 once its period is locked.
PERIOD_KEYED = {
    ("put", "/api/v1/indicators/{indicator_id}/targets/{period}"),
    ("put", "/api/v1/indicators/{indicator_id}/outcomes/{period}"),
    ("put", "/api/v1/indicators/{indicator_id}/assessments/{period}"),
    ("put", "/api/v1/indicators/{indicator_id}/forecasts/{period}"),
    ("put", "/api/v1/plans/{plan_id}/items/{item_id}/follow-ups/{period}"),
    ("put", "/api/v1/plans/{plan_id}/items/{item_id}/assessments/{period}"),
    ("post", "/api/v1/plans/{plan_id}/periods/{period}/values"),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    with opened(store_settings("memory", tmp_path_factory.mktemp("doc"))) as container:
        app = create_app(container)
        app.testing = True
        yield authorized(app)


@pytest.fixture(scope="module")
def document(client: FlaskClient) -> dict[str, Any]:
    found: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()
    return found


def operations(document: dict[str, Any]) -> list[Operation]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        found: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            found = found[part]
        node = found
    return node


def parameter_names(document: dict[str, Any], operation: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (p["in"], p["name"])
        for p in (resolve(document, p) for p in operation.get("parameters", []))
    }


def test_every_operation_has_a_unique_operation_id_and_a_description(
    document: dict[str, Any],
) -> None:
    found = operations(document)
    assert len(found) >= 60
    ids = [operation.get("operationId") for _, _, operation in found]
    assert all(ids), [(m, p) for m, p, o in found if not o.get("operationId")]
    assert len(set(ids)) == len(ids), sorted(str(i) for i in ids if ids.count(i) > 1)
    assert all(re.fullmatch(r"(get|post|put|patch|delete)[A-Z][A-Za-z0-9]+", str(i)) for i in ids)
    undescribed = [(m, p) for m, p, o in found if not str(o.get("description", "")).strip()]
    assert undescribed == []
    by_id = {o["operationId"]: (m, p) for m, p, o in found}
    assert by_id["postOrganRenamings"] == ("post", "/api/v1/organs/{organ_id}/renamings")


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on the first fault


def test_every_problem_is_problem_json_with_the_problem_schema(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                continue
            content = resolve(document, response)["content"]
            assert list(content) == ["application/problem+json"], (method, path, status)
            schema = resolve(document, content["application/problem+json"]["schema"])
            assert {"type", "title", "status", "detail", "errors"} <= set(schema["properties"])


def test_problems_are_declared_from_the_route(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        statuses = set(operation["responses"])
        where = (method, path)
        assert ("{" in path) == ("404" in statuses), where
        if method in WRITES:
            assert {"400", "409", "413", "422"} <= statuses, where
        # 412 only where If-Match is taken, 423 only on period-keyed writes.
        takes_if_match = ("header", "If-Match") in parameter_names(document, operation)
        assert ("412" in statuses) == takes_if_match, where
        assert ("423" in statuses) == (where in PERIOD_KEYED), where
        assert ("503" in statuses) == (path != "/api/v1/healthz"), where
        assert ("401" in statuses) == (path not in PUBLIC), where
        assert "default" in statuses
    unavailable = resolve(document, document["components"]["responses"]["ServiceUnavailable"])
    assert "Retry-After" in unavailable["headers"]


def test_every_operation_needs_a_bearer_token_but_health_and_readiness(
    document: dict[str, Any],
) -> None:
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document["security"] == [{"bearerAuth": []}]
    public = {path for _, path, o in operations(document) if o.get("security") == []}
    assert public == PUBLIC
    assert all("security" not in o for _, p, o in operations(document) if p not in PUBLIC)
    unauthorized = resolve(document, document["components"]["responses"]["Unauthorized"])
    assert "WWW-Authenticate" in unauthorized["headers"]


def test_the_organs_changes_take_if_match_and_answer_with_an_etag(
    document: dict[str, Any],
) -> None:
    for change in ("renamings", "reclassifications", "moves", "dissolution"):
        operation = document["paths"][f"/api/v1/organs/{{organ_id}}/{change}"]["post"]
        assert ("header", "If-Match") in parameter_names(document, operation)
        assert {"ETag", "Idempotent-Replayed"} <= set(operation["responses"]["200"]["headers"])
    plan = document["paths"]["/api/v1/plans/{plan_id}"]["get"]
    assert "ETag" in plan["responses"]["200"]["headers"]


def test_every_post_and_put_takes_an_idempotency_key(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        named = ("header", "Idempotency-Key") in parameter_names(document, operation)
        assert named == (method in WRITES), (method, path)
    key = resolve(document, document["components"]["parameters"]["IdempotencyKey"])
    assert re.fullmatch(key["schema"]["pattern"], key["example"])


def test_an_import_refusal_documents_its_rejected_rows(document: dict[str, Any]) -> None:
    for path in ("/api/v1/imports", "/api/v1/plans/{plan_id}/periods/{period}/values"):
        refused = resolve(document, document["paths"][path]["post"]["responses"]["422"])
        schema = resolve(document, refused["content"]["application/problem+json"]["schema"])
        rows = resolve(document, schema["properties"]["rejected"]["items"])
        assert {"row", "record", "key", "field", "detail"} <= set(rows["properties"])
        assert "rejected_count" in schema["properties"]


def test_exact_numbers_are_typed_as_numbers_with_a_number_as_example(
    document: dict[str, Any],
) -> None:
    exact = [
        (name, field, schema)
        for name, component in document["components"]["schemas"].items()
        for field, schema in component.get("properties", {}).items()
        if str(schema.get("description", "")).startswith("An exact decimal")
    ]
    assert {("Outcome", "value"), ("Target", "value"), ("Forecast", "value")} <= {
        (name, field) for name, field, _ in exact
    }
    for name, field, schema in exact:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert "number" in types, (name, field)
        assert isinstance(schema["example"], int | float), (name, field)


def test_the_main_request_bodies_have_examples_from_the_demo(document: dict[str, Any]) -> None:
    for method, path in (
        ("post", "/api/v1/organs"),
        ("post", "/api/v1/decisions"),
        ("post", "/api/v1/organs/{organ_id}/members"),
        ("put", "/api/v1/organs/{organ_id}/mandate"),
        ("post", "/api/v1/assignments"),
        ("post", "/api/v1/plans"),
        ("post", "/api/v1/indicators"),
        ("put", "/api/v1/indicators/{indicator_id}/outcomes/{period}"),
        ("put", "/api/v1/plans/{plan_id}/items/{item_id}/follow-ups/{period}"),
    ):
        body = document["paths"][path][method]["requestBody"]["content"]["application/json"]
        assert body["example"], (method, path)
    outcome = document["paths"]["/api/v1/indicators/{indicator_id}/outcomes/{period}"]["put"]
    example = outcome["requestBody"]["content"]["application/json"]["example"]
    assert isinstance(example["value"], int)  # a number, which the server takes


def test_each_example_is_read_by_its_schema_as_sent(client: FlaskClient) -> None:
    provider = DecimalJSONProvider(client.application)
    for schema, example in EXAMPLES.items():
        sent = read_json(provider.dumps(example))
        assert schema().validate(sent) == {}, schema.__name__


def test_the_outcome_example_is_accepted_on_the_demo(tmp_path: Path) -> None:
    with serving("memory", tmp_path) as api:
        load_demo(api.container)
        document = api.client.get("/api/v1/openapi.json").get_json()
        put_outcome = document["paths"]["/api/v1/indicators/{indicator_id}/outcomes/{period}"]
        example = put_outcome["put"]["requestBody"]["content"]["application/json"]["example"]
        indicator = key_id("gp-regionhalsan-indikator")
        answer = api.client.put(f"/api/v1/indicators/{indicator}/outcomes/2024-T2", json=example)
        assert answer.status_code == 200, answer.get_json()


def test_a_stale_if_match_is_a_412_the_document_declares(tmp_path: Path) -> None:
    with serving("memory", tmp_path) as api:
        document = api.client.get("/api/v1/openapi.json").get_json()
        registration = api.decision()
        organ = api.organ("Regionen", "region", registration)
        body = {"name": "Region", "effective_on": "2010-01-01", "decision_id": registration}
        stale = api.post(f"/organs/{organ}/renamings", body, headers={"If-Match": '"7"'})
        assert stale.status_code == 412
        path = "/api/v1/organs/{organ_id}/renamings"
        assert mismatches(document, "POST", path, stale) == []
        # The empty tag, as the fuzz run sent it once (a 500 before): a tag of no version.
        empty = api.post(f"/organs/{organ}/renamings", body, headers={"If-Match": '""'})
        assert empty.status_code == 412, empty.get_json()
        renamed = api.post(f"/organs/{organ}/renamings", body, headers={"If-Match": '"1"'})
        assert (renamed.status_code, renamed.headers["ETag"]) == (200, '"2"')
        assert mismatches(document, "POST", path, renamed) == []


def test_seat_and_mandate_writes_answer_a_stale_if_match_with_a_documented_412(
    tmp_path: Path,
) -> None:
    with serving("memory", tmp_path) as api:
        document = api.client.get("/api/v1/openapi.json").get_json()
        vvg, region, _ = composition_setting_up(api)
        seat = appoint(api, vvg, person(api, "Karin Lindqvist"), "2017-01-01", api.decision())
        stale = {"If-Match": '"9"'}
        for method, path, sent, body in (
            ("POST", "/api/v1/organs/{organ_id}/members/{seat_id}/end",
             f"/api/v1/organs/{vvg}/members/{seat}/end",
             {"effective_on": "2018-01-01", "decision_id": api.decision()}),
            ("PUT", "/api/v1/organs/{organ_id}/mandate", f"/api/v1/organs/{region}/mandate",
             {**MANDATE, "effective_on": "2024-05-31", "decision_id": api.decision()}),
        ):  # fmt: skip
            answer = api.client.open(sent, method=method, json=body, headers=stale)
            assert answer.status_code == 412, (path, answer.get_json())
            assert mismatches(document, method, path, answer) == []
            operation = document["paths"][path][method.lower()]
            assert ("header", "If-Match") in parameter_names(document, operation)


def test_a_locked_period_is_a_423_the_document_declares(tmp_path: Path) -> None:
    with serving("memory", tmp_path) as api:
        document = api.client.get("/api/v1/openapi.json").get_json()
        plan, region, _ = setting_up(api)
        item = api.created(
            f"/plans/{plan}/items", {"kind": "goal", "title": "Mål", "effective_on": "2024-01-01"}
        )["id"]
        indicator = api.created(
            "/indicators",
            {"plan_item_id": item, "subject_organ_id": region, "name": "Andel", "unit": "%",
             "direction": "higher_is_better", "periodicity": "tertial"},
        )["id"]  # fmt: skip
        assert api.post(f"/plans/{plan}/periods/2024-T1/lock", {}).status_code == 200
        officer = api.signed_in("uppfoljare", [Role.FOLLOW_UP_OFFICER], [region])  # no corrector
        locked = put(officer, f"/indicators/{indicator}/outcomes/2024-T1", {"value": 5})
        assert locked.status_code == 423
        path = "/api/v1/indicators/{indicator_id}/outcomes/{period}"
        assert mismatches(document, "PUT", path, locked) == []


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, _tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(v for k, v in attrs if k in ("src", "href") and v)


def test_the_docs_page_and_every_asset_it_loads_are_served_by_the_app(
    client: FlaskClient,
) -> None:
    assert client.get("/").headers["Location"].endswith("/api/v1/docs")
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    parser = _Assets()
    parser.feed(html)
    assert len(parser.urls) == 3, parser.urls  # the stylesheet and two scripts
    spec_url = re.search(r'url: "([^"]+)"', html)
    assert spec_url is not None
    for url in [*parser.urls, spec_url.group(1)]:
        assert url.startswith("/api/v1/"), url  # on this server: no CDN, no other host
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.get_data()) > 1000, url
    assert not re.search(r"https?://", html)  # nothing from elsewhere, no online validator
    assert '"validatorUrl": null' in html
    assert client.get("/api/v1/docs/assets/VERSION").status_code == 404  # only what it needs


def test_the_cli_prints_the_document_the_server_publishes(document: dict[str, Any]) -> None:
    printed = CliRunner().invoke(main, ["openapi"], env={"DATABASE_URL": "memory://"})
    assert printed.exit_code == 0, printed.output
    assert read_json(printed.output) == document


def test_a_route_without_a_docstring_is_an_operation_without_a_description(
    tmp_path: Path,
) -> None:
    """What the first test catches: a new view that says nothing of itself."""
    blp = Blueprint("probe", __name__, url_prefix="/api/v1/probe")

    @blp.route("")
    class Probe(MethodView):
        @blp.response(200)  # type: ignore[untyped-decorator]  # flask-smorest is untyped
        def get(self) -> Any:
            return {}

    with opened(store_settings("memory", tmp_path)) as container:
        app = create_app(container)
        app.extensions["flask-smorest"]["apis"][""]["ext_obj"].register_blueprint(blp)
        document = app.test_client().get("/api/v1/openapi.json").get_json()
    probe = document["paths"]["/api/v1/probe"]["get"]
    assert probe["operationId"] == "getProbe"
    assert probe["description"] == ""
