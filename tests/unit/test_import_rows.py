"""An import file's rows read into typed rows, or refused by row, field and message."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.imports import DecisionRow, MembershipRow, OrganRow, PersonRow, import_id
from domain.composition import SeatRole
from domain.decisions import DecisionOutcome, DecisionType
from domain.organ_kinds import OrganKind
from interfaces.import_rows import read_import_rows

REGION = UUID("0b7e2a5c-0000-4000-8000-000000000001")


def test_json_and_csv_values_are_read_into_typed_rows() -> None:
    rows, refused = read_import_rows(
        [
            {"record": "decision", "key": " reg ", "decided_on": "1998-06-01",
             "title": "Registrering", "decision_type": "registration"},
            {"record": "organ", "key": "vvg", "name": "VVG", "kind": "collaboration",
             "principals": f"{REGION}; vk", "effective_on": "2017-01-01", "decision": "reg"},
            {"record": "person", "key": "p1", "name": "Karin", "employer": str(REGION)},
            {"record": "membership", "key": "s1", "organ": "vvg", "person": "p1",
             "role": "member", "substitute_order": "2", "effective_on": "2017-01-01",
             "decision": "reg", "political_party": ""},
        ]
    )  # fmt: skip
    assert refused == []
    decision, organ, person, seat = rows
    assert isinstance(decision, DecisionRow)
    assert (decision.row, decision.key) == (1, "reg")
    assert decision.decision.decided_on == date(1998, 6, 1)
    assert decision.decision.decision_type is DecisionType.REGISTRATION
    assert decision.decision.outcome is DecisionOutcome.ADOPTED
    assert isinstance(organ, OrganRow)
    assert organ.organ.classification.kind is OrganKind.COLLABORATION
    assert organ.organ.principal_ids == (REGION, import_id("vk"))
    assert organ.decision_id == import_id("reg")
    assert isinstance(person, PersonRow)
    assert person.details.employer_organ_id == REGION
    assert isinstance(seat, MembershipRow)
    assert (seat.organ_id, seat.seat.person_id) == (import_id("vvg"), import_id("p1"))
    assert (seat.seat.role, seat.seat.substitute_order) == (SeatRole.MEMBER, 2)
    assert seat.seat.political_party is None  # an empty cell is no value


def test_each_refused_row_names_its_first_fault_in_reading_order() -> None:
    rows, refused = read_import_rows(
        [
            "not a row",
            {"record": "committee", "key": "x"},
            {"record": "person", "key": "p", "name": "Anna", "colour": "red"},
            {"record": "decision", "key": "d", "decided_on": "2024-02-30", "title": " ",
             "decision_type": "registration"},
            {"record": "organ", "key": "d", "name": "Igen", "kind": "kingdom"},
            {"record": "membership", "key": "m", "organ": "o", "person": "p", "role": "member",
             "effective_on": "2017-01-01", "decision": "d", "substitute_order": "1.5"},
        ]
    )  # fmt: skip
    assert rows == []
    assert [(r.row, r.record, r.key, r.field) for r in refused] == [
        (1, None, None, None),
        (2, "committee", "x", "record"),
        (3, "person", "p", "colour"),
        (4, "decision", "d", "decided_on"),
        (5, "organ", "d", "key"),
        (6, "membership", "m", "substitute_order"),
    ]
    assert [r.detail for r in refused] == [
        "a row is an object of fields",
        "record must be one of decision, organ, person, membership",
        "person rows have no field 'colour'",
        "decided_on must be a date like 2024-05-31, not '2024-02-30'",
        "the key 'd' is used by an earlier row",
        "substitute_order must be a whole number, not '1.5'",
    ]


def test_a_required_value_left_empty_or_null_is_refused_as_required() -> None:
    _, refused = read_import_rows(
        [
            {"record": "person", "key": "a", "name": "  "},
            {"record": "person", "key": "b", "name": None},
            {"record": "person", "key": "c"},
            {"record": "person", "key": "d", "name": 5},
        ]
    )
    assert [(r.field, r.detail) for r in refused] == [
        ("name", "name is required"),
        ("name", "name is required"),
        ("name", "name is required"),
        ("name", "name must be text"),
    ]
