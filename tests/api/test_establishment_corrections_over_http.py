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


@pytest.mark.parametrize(
    ("field", "what"),
    [("representing_id", "a seat representing it"), ("appointed_by_id", "a seat it appointed")],
)
def test_a_founding_after_a_seat_elsewhere_naming_the_organ_is_409(
    api: Api, story: dict[str, Any], field: str, what: str
) -> None:
    appoint(api, story["board"], person(api, "Anna"), "2012-06-01", story["registration"],
            **{field: story["hsn"]})  # fmt: skip
    founded_no_later_than(api, story, "2012-06-01", what)


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


def correct(api: Api, organ_id: str, body: dict[str, Any], version: int = 1) -> dict[str, Any]:
    response = api.post(f"/organs/{organ_id}/changes/{version}/correction", body)
    assert response.status_code == 200, response.get_json()
    written: dict[str, Any] = response.get_json()
    return written


def test_a_corrected_code_reads_as_known_after_and_the_original_as_known_before(
    api: Api, story: dict[str, Any]
) -> None:
    hsn, registration = story["hsn"], story["registration"]
    body = {"decision_id": registration, "reason": "Koden registrerades fel"}
    before = api.position
    assert correct(api, hsn, {**body, "code": "HSN"})["code"] == "HSN"
    after = api.position
    assert correct(api, hsn, {**body, "name": HSN + " (HSN)"})["code"] == "HSN"  # left out
    assert correct(api, hsn, {**body, "code": None})["code"] is None
    cleared = api.position

    def code(known_at: int) -> Any:
        read = api.get(f"/organs/{hsn}", valid_at="2013-01-01", known_at=str(known_at))
        assert read.status_code == 200, read.get_json()
        return read.get_json()["code"]

    assert (code(before), code(after), code(cleared)) == (None, "HSN", None)
    listed = api.get("/organs", valid_at="2013-01-01", q="sjukvårdsnämnden", known_at=str(after))
    assert [o["code"] for o in listed.get_json()["items"]] == ["HSN"]
    history = api.get(f"/organs/{hsn}/history").get_json()["items"]
    corrections = [h for h in history if h["event_type"] == "Organ.ChangeCorrected"]
    codes = [h["data"].get("code", "-") for h in corrections]
    assert codes == [None, "HSN", "HSN", None]


@pytest.fixture
def vvg(api: Api) -> dict[str, Any]:
    """Seed 003's VVG recorded with the wrong second principal: Göteborgsregionen, not
    VästKom (both external parties)."""
    registration = api.decision()
    region = api.organ("Västra Götalandsregionen", "region", registration)
    vastkom = api.organ("VästKom", "external_party", registration)
    wrong = api.organ("Göteborgsregionen", "external_party", registration)
    vvg = api.organ("Vårdsamverkan Västra Götaland (VVG)", "collaboration", registration,
                    principal_ids=[region, wrong], effective_on="2017-01-01")  # fmt: skip
    before = api.position
    fix = {"principal_ids": [region, vastkom], "decision_id": registration,
           "reason": "Fel huvudman"}  # fmt: skip
    written = correct(api, vvg, fix)
    assert written["principal_ids"] == [region, vastkom]
    return {"region": region, "vastkom": vastkom, "wrong": wrong, "vvg": vvg,
            "registration": registration, "before": before, "after": api.position}  # fmt: skip


def collaborations_of(api: Api, principal: str, **params: Any) -> list[str]:
    tree = api.get("/organs/tree", valid_at="2018-01-01", **params)
    assert tree.status_code == 200, tree.get_json()
    nodes = [n for n in tree.get_json()["trees"] if n["id"] == principal]
    return [c["name"] for n in nodes for c in n["collaborations"]]


def test_corrected_principals_read_as_known_after_and_the_original_as_known_before(
    api: Api, vvg: dict[str, Any]
) -> None:
    path = f"/organs/{vvg['vvg']}"
    then = api.get(path, valid_at="2018-01-01", known_at=str(vvg["before"])).get_json()
    now = api.get(path, valid_at="2018-01-01").get_json()
    assert then["principal_ids"] == [vvg["region"], vvg["wrong"]]
    assert now["principal_ids"] == [vvg["region"], vvg["vastkom"]]
    assert then["as_of"]["position"] < now["as_of"]["position"]
    before = {"known_at": str(vvg["before"])}
    assert collaborations_of(api, vvg["wrong"], **before) == ["Vårdsamverkan Västra Götaland (VVG)"]
    assert collaborations_of(api, vvg["vastkom"], **before) == []
    assert collaborations_of(api, vvg["wrong"]) == []
    assert collaborations_of(api, vvg["vastkom"]) == ["Vårdsamverkan Västra Götaland (VVG)"]
    assert collaborations_of(api, vvg["region"]) == ["Vårdsamverkan Västra Götaland (VVG)"]
    listed = api.get("/organs", valid_at="2018-01-01", q="VVG").get_json()["items"]
    assert [o["principal_ids"] for o in listed] == [[vvg["region"], vvg["vastkom"]]]
    history = api.get(f"{path}/history").get_json()["items"]
    established = next(h for h in history if h["event_type"] == "Organ.Established")
    correction = next(h for h in history if h["event_type"] == "Organ.ChangeCorrected")
    assert established["data"]["principal_ids"] == [vvg["region"], vvg["wrong"]]
    assert correction["data"]["principal_ids"] == [vvg["region"], vvg["vastkom"]]
    assert correction["data"]["code"] is None


def test_the_index_of_collaborations_by_principal_follows_the_correction(
    api: Api, vvg: dict[str, Any]
) -> None:
    """The former principal is free of the collaboration, the new one bound to it."""
    registration = vvg["registration"]
    body = {"decision_id": registration, "reason": "registrerad av misstag"}
    annulled = api.post(f"/organs/{vvg['wrong']}/changes/1/annulment", body)
    assert annulled.status_code == 200, annulled.get_json()
    late = {"effective_on": "2017-06-01", "decision_id": registration, "reason": WHY}
    path = f"/organs/{vvg['vastkom']}/changes/1/correction"
    assert refused(api, path, late, 409, "effective_on").endswith("founded-after-reference")
    assert "a collaboration it is a principal of" in api.post(path, late).get_json()["detail"]


def test_refused_principals_name_the_field(api: Api, vvg: dict[str, Any]) -> None:
    registration, region, vastkom = vvg["registration"], vvg["region"], vvg["vastkom"]
    path = f"/organs/{vvg['vvg']}/changes/1/correction"
    body = {"decision_id": registration, "reason": "Fel huvudman"}
    refused(api, path, {**body, "principal_ids": [region, region]}, 422, "principal_ids")
    refused(api, path, {**body, "principal_ids": [region, vvg["vvg"]]}, 422, "principal_ids")
    refused(api, path, {**body, "principal_ids": []}, 422, "principal_ids")
    refused(api, f"/organs/{vastkom}/changes/1/correction",
            {**body, "principal_ids": [region]}, 422, "principal_ids")  # fmt: skip
    later = api.organ("Västkuststiftelsen", "external_party", registration,
                      effective_on="2018-01-01")  # fmt: skip
    kind = refused(api, path, {**body, "principal_ids": [region, later]}, 409, "principal_ids")
    assert kind.endswith("organ-not-in-existence")
    refused(api, path, {**body, "principal_ids": [region, registration]}, 422, "principal_ids")


def test_a_corrected_founding_date_is_checked_against_the_unchanged_principals(
    api: Api, vvg: dict[str, Any]
) -> None:
    registration = vvg["registration"]
    late = api.organ("Västkuststiftelsen", "external_party", registration,
                     effective_on="2016-01-01")  # fmt: skip
    path = f"/organs/{vvg['vvg']}/changes/1/correction"
    body = {"decision_id": registration, "reason": "Fel huvudman"}
    correct(api, vvg["vvg"], {**body, "principal_ids": [vvg["region"], late]})
    early = {**body, "effective_on": "2015-06-01"}
    assert refused(api, path, early, 409, "effective_on").endswith("organ-not-in-existence")
    assert correct(api, vvg["vvg"], {**body, "effective_on": "2016-01-01"})["established_on"] == (
        "2016-01-01"
    )


def test_a_code_or_principals_on_another_changes_correction_is_422(
    api: Api, story: dict[str, Any]
) -> None:
    hsn, registration = story["hsn"], story["registration"]
    renaming = {"name": "Nytt namn", "effective_on": "2014-01-01", "decision_id": registration}
    version = api.post(f"/organs/{hsn}/renamings", renaming).get_json()["version"]
    path = f"/organs/{hsn}/changes/{version}/correction"
    body = {"decision_id": registration, "reason": WHY}
    refused(api, path, {**body, "code": "HSN"}, 422, "code")
    refused(api, path, {**body, "principal_ids": [story["region"]]}, 422, "principal_ids")
