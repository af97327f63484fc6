"""An establishment recorded wrong (issue #16): seed 004's health committee registered as
founded 2010 under the wrong name, corrected to its founding on 2012-01-01; as known before,
the original; as known after, the correction; history both."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.test_composition_over_http import appoint, person
from tests.api.test_seat_corrections_over_http import refused

HSN = "Hälso- och sjukvårdsnämnden"
WHY = "Nämnden inrättades 2012-01-01 enligt reglementet, inte 2010"


@pytest.fixture
def story(api: Api) -> dict[str, Any]:
    registration = api.decision()
    region = api.organ("Region Jämtland Härjedalen", "region", registration)
    board = api.organ("Regionstyrelsen", "executive_board", registration, parent_id=region)
    hsn = api.organ(
        "Hälso- och sjukvårdsutskottet",
        "subcommittee",
        registration,
        parent_id=board,
        effective_on="2010-01-01",
    )
    before = api.position
    corrected = api.post(
        f"/organs/{hsn}/changes/1/correction",
        {
            "effective_on": "2012-01-01",
            "name": HSN,
            "kind": "committee",
            "parent_id": region,
            "decision_id": registration,
            "reason": WHY,
        },
    )
    assert corrected.status_code == 200, corrected.get_json()
    written = corrected.get_json()
    assert (written["established_on"], written["name"], written["kind"]) == (
        "2012-01-01",
        HSN,
        "committee",
    )
    return {
        "region": region,
        "board": board,
        "hsn": hsn,
        "registration": registration,
        "before": before,
        "after": api.position,
        "version": written["version"],
    }


def names_under(api: Api, story: dict[str, Any], parent: str, **params: Any) -> list[str]:
    tree = api.get("/organs/tree", **params)
    assert tree.status_code == 200, tree.get_json()

    def find(nodes: list[dict[str, Any]]) -> list[str] | None:
        for node in nodes:
            if node["id"] == story[parent]:
                return [c["name"] for c in node["children"]]
            found = find(node["children"])
            if found is not None:
                return found
        return None

    found = find(tree.get_json()["trees"])
    assert found is not None
    return found


def test_the_tree_between_the_two_founding_dates_as_known_before_and_after(
    api: Api, story: dict[str, Any]
) -> None:
    before = str(story["before"])
    then = {"valid_at": "2011-06-01", "known_at": before}
    assert names_under(api, story, "board", **then) == ["Hälso- och sjukvårdsutskottet"]
    assert HSN not in names_under(api, story, "region", **then)
    assert names_under(api, story, "board", valid_at="2011-06-01") == []
    assert HSN not in names_under(api, story, "region", valid_at="2011-06-01")
    assert HSN in names_under(api, story, "region", valid_at="2012-01-01")
    assert names_under(api, story, "board", valid_at="2012-01-01") == []


def test_the_organ_reads_as_founded_as_corrected(api: Api, story: dict[str, Any]) -> None:
    now = api.get(f"/organs/{story['hsn']}", valid_at="2011-06-01").get_json()
    assert (now["exists"], now["established_on"]) == (False, "2012-01-01")
    founded = api.get(f"/organs/{story['hsn']}", valid_at="2012-01-01").get_json()
    assert (founded["name"], founded["kind"], founded["parent_id"]) == (
        HSN,
        "committee",
        story["region"],
    )
    then = api.get(
        f"/organs/{story['hsn']}", valid_at="2011-06-01", known_at=str(story["before"])
    ).get_json()
    assert (then["exists"], then["established_on"]) == (True, "2010-01-01")
    assert then["parent_id"] == story["board"]
    listed = api.get("/organs", valid_at="2011-06-01", q="sjukvård").get_json()["items"]
    assert listed == []


def test_history_lists_the_establishment_and_its_correction(
    api: Api, story: dict[str, Any]
) -> None:
    history = api.get(f"/organs/{story['hsn']}/history").get_json()["items"]
    established = next(h for h in history if h["event_type"] == "Organ.Established")
    correction = next(h for h in history if h["event_type"] == "Organ.ChangeCorrected")
    assert established["effective_on"] == "2010-01-01"
    assert correction["corrects"] == established["position"]
    assert correction["data"]["corrected_version"] == 1
    assert correction["effective_on"] == "2012-01-01"
    assert (correction["reason"], correction["decision_id"]) == (WHY, story["registration"])
    assert correction["position"] > story["before"]
    region = api.get(f"/organs/{story['region']}/history").get_json()["items"]
    assert correction["position"] in [h["position"] for h in region]
    pending = api.get(f"/organs/{story['hsn']}", valid_at="2011-06-01").get_json()
    assert pending["pending_changes"] == []


def test_a_correction_of_the_correction_corrects_the_establishment_again(
    api: Api, story: dict[str, Any]
) -> None:
    again = api.post(
        f"/organs/{story['hsn']}/changes/{story['version']}/correction",
        {"effective_on": "2011-01-01", "decision_id": story["registration"], "reason": WHY},
    )
    assert again.status_code == 200, again.get_json()
    hsn = api.get(f"/organs/{story['hsn']}", valid_at="2011-06-01").get_json()
    assert (hsn["exists"], hsn["established_on"], hsn["name"]) == (True, "2011-01-01", HSN)


def test_a_founding_after_what_needs_the_organ_is_409_naming_effective_on(
    api: Api, story: dict[str, Any]
) -> None:
    hsn, registration = story["hsn"], story["registration"]
    path = f"/organs/{hsn}/changes/1/correction"
    body = {"decision_id": registration, "reason": WHY}
    api.organ("Beredning", "preparatory_committee", registration, parent_id=hsn,
              effective_on="2013-01-01")  # fmt: skip
    late = {**body, "effective_on": "2013-06-01"}
    assert refused(api, path, late, 409, "effective_on").endswith("founded-after-reference")
    appoint(api, hsn, person(api, "Anna"), "2012-06-01", registration)
    seated = {**body, "effective_on": "2012-09-01"}
    assert refused(api, path, seated, 409, "effective_on").endswith("founded-after-reference")
    renaming = {"name": "Nytt namn", "effective_on": "2012-03-01", "decision_id": registration}
    assert api.post(f"/organs/{hsn}/renamings", renaming).status_code == 200
    renamed = {**body, "effective_on": "2012-04-01"}
    assert refused(api, path, renamed, 409, "effective_on").endswith("founded-after-changes")
    early = {**body, "effective_on": "1999-01-01"}
    assert refused(api, path, early, 409, "effective_on").endswith("organ-not-in-existence")


def test_a_corrected_parent_that_makes_a_cycle_is_409_naming_parent_id(
    api: Api, story: dict[str, Any]
) -> None:
    registration = story["registration"]
    below = api.organ("Arbetsutskott", "subcommittee", registration, parent_id=story["board"])
    path = f"/organs/{story['board']}/changes/1/correction"
    body = {"parent_id": below, "decision_id": registration, "reason": WHY}
    assert refused(api, path, body, 409, "parent_id").endswith("move-would-make-cycle")
    itself = {**body, "parent_id": story["board"]}
    refused(api, path, itself, 409, "parent_id")


def test_a_correction_of_an_establishment_cannot_be_annulled(
    api: Api, story: dict[str, Any]
) -> None:
    """Only version 1 annuls the establishment (the organ recorded by mistake, see
    test_establishment_annulments_over_http); a correction of it is corrected again."""
    body = {"decision_id": story["registration"], "reason": "registrerad av misstag"}
    path = f"/organs/{story['hsn']}/changes/{story['version']}/annulment"
    kind = refused(api, path, body, 409, "version")
    assert kind == "urn:styrlogg:problem:not-an-organisational-change"
    detail = api.post(path, body).get_json()["detail"]
    assert "establishment" in detail
    assert "correction" in detail


def test_a_correction_of_an_establishment_with_a_dissolutions_field_is_422(
    api: Api, story: dict[str, Any]
) -> None:
    path = f"/organs/{story['hsn']}/changes/1/correction"
    body = {"successor_ids": [story["board"]], "decision_id": story["registration"],
            "reason": WHY}  # fmt: skip
    refused(api, path, body, 422, "successor_ids")


def test_a_founding_after_a_decision_the_organ_took_is_409_naming_effective_on(
    api: Api, story: dict[str, Any]
) -> None:
    hsn, registration = story["hsn"], story["registration"]
    api.decision(organ_id=hsn, decided_on="2012-02-15", title="Verksamhetsplan",
                 decision_type="meeting_decision")  # fmt: skip
    path = f"/organs/{hsn}/changes/1/correction"
    late = {"effective_on": "2012-03-01", "decision_id": registration, "reason": WHY}
    kind = refused(api, path, late, 409, "effective_on")
    assert kind.endswith("founded-after-reference")
    detail = api.post(path, late).get_json()["detail"]
    assert "decision" in detail
    assert "2012-02-15" in detail
    on_the_day = {**late, "effective_on": "2012-02-15"}
    assert api.post(path, on_the_day).status_code == 200


def test_a_founding_after_the_organ_succeeds_another_is_409_naming_effective_on(
    api: Api, story: dict[str, Any]
) -> None:
    hsn, registration = story["hsn"], story["registration"]
    old = api.organ("Hälso- och sjukvårdsstyrelsen", "committee", registration,
                    parent_id=story["region"])  # fmt: skip
    dissolution = {"effective_on": "2012-01-01", "decision_id": registration,
                   "successor_ids": [hsn]}  # fmt: skip
    assert api.post(f"/organs/{old}/dissolution", dissolution).status_code == 200
    path = f"/organs/{hsn}/changes/1/correction"
    late = {"effective_on": "2012-02-01", "decision_id": registration, "reason": WHY}
    assert refused(api, path, late, 409, "effective_on").endswith("founded-after-reference")
    detail = api.post(path, late).get_json()["detail"]
    assert "succeeds" in detail
    assert "2012-01-01" in detail


def founded_no_later_than(api: Api, story: dict[str, Any], needed_on: str, what: str) -> None:
    """A founding date corrected to the day after `needed_on` is 409 naming `what` and the
    date; on `needed_on` itself it is accepted."""
    path = f"/organs/{story['hsn']}/changes/1/correction"
    body = {"decision_id": story["registration"], "reason": WHY}
    late = {**body, "effective_on": str(date.fromisoformat(needed_on) + timedelta(days=1))}
    assert refused(api, path, late, 409, "effective_on").endswith("founded-after-reference")
    detail = api.post(path, late).get_json()["detail"]
    assert what in detail
    assert needed_on in detail
    on_the_day = api.post(path, {**body, "effective_on": needed_on})
    assert on_the_day.status_code == 200, on_the_day.get_json()


def test_a_founding_after_a_seat_elsewhere_represents_the_organ_is_409(
    api: Api, story: dict[str, Any]
) -> None:
    appoint(api, story["board"], person(api, "Anna"), "2012-06-01", story["registration"],
            representing_id=story["hsn"])  # fmt: skip
    founded_no_later_than(api, story, "2012-06-01", "a seat representing it")


def test_a_founding_after_a_seat_the_organ_appointed_is_409(
    api: Api, story: dict[str, Any]
) -> None:
    appoint(api, story["board"], person(api, "Bo"), "2012-07-01", story["registration"],
            appointed_by_id=story["hsn"])  # fmt: skip
    founded_no_later_than(api, story, "2012-07-01", "a seat it appointed")


def test_a_founding_after_an_assignment_to_the_organ_starts_is_409(
    api: Api, story: dict[str, Any]
) -> None:
    decision = api.decision(organ_id=story["region"], decided_on="2012-05-10",
                            title="Uppdrag", decision_type="meeting_decision")  # fmt: skip
    api.created("/assignments", {"decision_id": decision, "title": "Ta fram en plan",
                                 "assignees": [{"organ_id": story["hsn"]}]})  # fmt: skip
    founded_no_later_than(api, story, "2012-05-10", "an assignment to it")


def test_a_founding_after_a_plan_the_organ_owns_is_in_force_is_409(
    api: Api, story: dict[str, Any]
) -> None:
    api.created("/plans", {"name": "Verksamhetsplan 2012", "kind": "operational_plan",
                           "owner_organ_id": story["hsn"], "valid_from": "2012-04-01",
                           "effective_on": "2012-04-01",
                           "decision_id": story["registration"]})  # fmt: skip
    founded_no_later_than(api, story, "2012-04-01", "a plan it owns")


def test_a_founding_after_a_collaboration_of_the_organ_is_established_is_409(
    api: Api, story: dict[str, Any]
) -> None:
    api.organ("Samverkansgrupp", "collaboration", story["registration"],
              principal_ids=[story["region"], story["hsn"]],
              effective_on="2012-03-01")  # fmt: skip
    founded_no_later_than(api, story, "2012-03-01", "a collaboration it is a principal of")


def test_a_founding_after_the_plan_span_of_an_indicator_of_the_organ_is_409(
    api: Api, story: dict[str, Any]
) -> None:
    """An indicator's subject exists on some day of its plan's span [2012-01-01,
    2013-01-01): founded on 2012-12-31 at the latest."""
    plan = api.created("/plans", {"name": "Plan 2012", "kind": "operational_plan",
                                  "owner_organ_id": story["region"],
                                  "valid_from": "2012-01-01", "valid_to": "2013-01-01",
                                  "effective_on": "2012-01-01",
                                  "decision_id": story["registration"]})["id"]  # fmt: skip
    item = api.created(
        f"/plans/{plan}/items", {"kind": "goal", "title": "Mål", "effective_on": "2012-01-01"}
    )["id"]
    api.created("/indicators", {"plan_item_id": item, "name": "Mått", "unit": "st",
                                "direction": "higher_is_better", "periodicity": "tertial",
                                "subject_organ_id": story["hsn"]})  # fmt: skip
    founded_no_later_than(api, story, "2012-12-31", "an indicator of it")
