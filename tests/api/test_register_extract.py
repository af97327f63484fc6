"""A register extract (GDPR Art. 15): everything held about a person, as JSON, for a
registrar or an admin; never cached; after an erasure, no name in it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from domain.grants import Role
from tests.api.conftest import Api, serving
from tests.api.test_composition_over_http import appoint, person, setting_up
from tests.conftest import STORES


@pytest.mark.parametrize("kind", STORES)
def test_an_extract_lists_the_data_seats_and_every_event_naming_the_person(
    kind: str, tmp_path: Path
) -> None:
    with serving(kind, tmp_path) as api:
        vvg, region, _ = setting_up(api)
        decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
        anna = person(api, "Anna Ansson", title="Utvecklingschef", employer_organ_id=region)
        other = person(api, "Bertil Bok")
        seat = appoint(api, vvg, anna, "2017-01-01", decision, role="secretary")
        appoint(api, vvg, other, "2017-01-01", decision)
        plan = api.created(
            "/plans",
            {"name": "Plan", "kind": "operational_plan", "owner_organ_id": region,
             "valid_from": "2024-01-01", "effective_on": "2024-01-01", "decision_id": decision},
        )["id"]  # fmt: skip
        item = api.created(
            f"/plans/{plan}/items",
            {"kind": "activity", "title": "Aktivitet", "effective_on": "2024-01-01",
             "owners": [{"role": "responsible", "person_id": anna}]},
        )["id"]  # fmt: skip
        extract = api.get(f"/people/{anna}/extract")
        assert extract.status_code == 200, extract.get_json()
        assert extract.headers["Cache-Control"] == "private, no-store"
        answer: dict[str, Any] = extract.get_json()
        assert (answer["id"], answer["name"], answer["title"], answer["erased"]) == (
            anna, "Anna Ansson", "Utvecklingschef", False,
        )  # fmt: skip
        assert [s["id"] for s in answer["seats"]] == [seat]
        named = [(e["event_type"], e["aggregate_id"]) for e in answer["events"]]
        assert named[0] == ("Person.Registered", anna)
        assert ("PlanItem.Added", item) in named
        assert any(t == "Composition.MemberAppointed" for t, _ in named), named
        assert answer["events_complete"] is True
        assert all(other not in str(e) for e in answer["events"]), "only Anna's"

        erased = api.post(f"/people/{anna}/erasure", {"reason": "Begäran enligt GDPR art. 17"})
        assert erased.status_code == 200, erased.get_json()
        after = api.get(f"/people/{anna}/extract").get_json()
        assert (after["name"], after["title"], after["erased"]) == (None, None, True)
        assert "Anna Ansson" not in str(after)
        assert len(after["events"]) == len(answer["events"]) + 1  # the erasure itself


def test_an_extract_is_a_registrars_or_an_admins(api: Api) -> None:
    anna = person(api, "Anna Ansson")
    auditor = api.signed_in("revisor", [Role.AUDITOR])
    refused = auditor.get(f"/people/{anna}/extract")
    assert refused.status_code == 403
    assert sorted(refused.get_json()["needs"]) == ["admin", "registrar"]
    admin = api.signed_in("dataskydd", [Role.ADMIN])
    assert admin.get(f"/people/{anna}/extract").status_code == 200
    assert api.get(f"/people/{api.decision()}/extract").status_code == 404
