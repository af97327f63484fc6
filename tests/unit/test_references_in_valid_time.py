"""The domain's rules for what a reference to an organ needs on a date: the organ exists
then (or during a span), and a deciding organ is of a kind that decides."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.decisions import DecisionType, OrganDecidesNothing, check_deciding_organ
from domain.organ_kinds import Classification, GroupType, OrganKind
from domain.organs import Organ, OrganNotInExistence
from tests.builders import BY

DECIDES_NOTHING = {OrganKind.PREPARATORY_COMMITTEE, OrganKind.GROUP}
DECISIONS_PROPER = {
    DecisionType.MEETING_DECISION,
    DecisionType.DELEGATED,
    DecisionType.EXECUTIVE,
    DecisionType.CHAIR_URGENT,
}


def established(
    kind: OrganKind, on: date = date(2010, 1, 1), dissolved: date | None = None
) -> Organ:
    parent = None if kind.is_root else established(OrganKind.REGION, date(1999, 1, 1))
    organ = Organ.establish(
        organ_id=uuid4(),
        name=kind.value,
        classification=Classification(kind, GroupType.NETWORK if kind is OrganKind.GROUP else None),
        code=None,
        parent=parent,
        principal_ids=(uuid4(),) if kind.has_principals else (),
        effective_on=on,
        decision_id=uuid4(),
        by=BY,
    )
    if dissolved is not None:
        organ.dissolve((), dissolved, uuid4(), BY)
    return organ


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2005, 1, 1), date(2010, 1, 2)),  # its first day is the span's last
        (date(2019, 12, 31), None),  # its last day is the span's first
        (date(2000, 1, 1), None),
        (date(2012, 1, 1), date(2013, 1, 1)),
    ],
)
def test_an_organ_exists_during_a_span_that_shares_a_day_with_its_life(
    start: date, end: date | None
) -> None:
    established(OrganKind.COMMITTEE, date(2010, 1, 1), date(2020, 1, 1)).check_exists_during(
        start, end, field="subject_organ_id", role="subject organ"
    )


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        (date(2005, 1, 1), date(2010, 1, 1), "not established until 2010-01-01"),
        (date(2020, 1, 1), None, "dissolved from 2020-01-01"),
        (date(2021, 1, 1), date(2022, 1, 1), "dissolved from 2020-01-01"),
    ],
)
def test_an_organ_does_not_exist_during_a_span_wholly_outside_its_life(
    start: date, end: date | None, said: str
) -> None:
    committee = established(OrganKind.COMMITTEE, date(2010, 1, 1), date(2020, 1, 1))
    with pytest.raises(OrganNotInExistence) as caught:
        committee.check_exists_during(start, end, field="subject_organ_id", role="subject organ")
    assert caught.value.field == "subject_organ_id"
    assert said in caught.value.detail
    assert f"{start} – {end or 'further notice'}" in caught.value.detail


@pytest.mark.parametrize("kind", list(OrganKind))
def test_only_a_preparatory_committee_or_a_group_is_refused_a_decision_proper(
    kind: OrganKind,
) -> None:
    organ = established(kind)
    for decision_type in DecisionType:
        if kind in DECIDES_NOTHING and decision_type in DECISIONS_PROPER:
            with pytest.raises(OrganDecidesNothing) as caught:
                check_deciding_organ(organ, decision_type, date(2015, 1, 1))
            assert caught.value.field == "decision_type"
        else:
            check_deciding_organ(organ, decision_type, date(2015, 1, 1))


def test_the_deciding_organ_exists_on_the_decision_date() -> None:
    committee = established(OrganKind.COMMITTEE, date(2010, 1, 1), date(2020, 1, 1))
    check_deciding_organ(committee, DecisionType.MEETING_DECISION, date(2019, 12, 31))
    for decided_on in (date(2009, 12, 31), date(2020, 1, 1)):
        with pytest.raises(OrganNotInExistence) as caught:
            check_deciding_organ(committee, DecisionType.MEETING_DECISION, decided_on)
        assert caught.value.field == "organ_id"
