"""A writer process for the many-writers test: for `--seconds` it establishes committees
under a shared region, seats members, hands the chair over and dissolves them (saves of
several events), and renames a committee that every writer shares, so that writers
collide and retry.

    python -m tests.support.write_many --seconds 8 --writer 3 --decision ID --region ID
        --shared ID
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar
from uuid import UUID

from application.composition import NewSeat
from application.errors import ConcurrentWrite
from application.organs import Change, NewOrgan
from domain.composition import PresidiumRole, SeatRole
from domain.organ_kinds import Classification, OrganKind
from domain.people import PersonalDetails
from domain.provenance import Provenance
from interfaces.bootstrap import bootstrap
from interfaces.settings import Settings

T = TypeVar("T")


def retried(command: Callable[[], T]) -> T:
    """As a client does with a 409 from a concurrent write: read again and retry."""
    for _ in range(50):
        try:
            return command()
        except ConcurrentWrite:
            time.sleep(random.uniform(0, 0.05))
    return command()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--writer", type=int, default=0)
    parser.add_argument("--decision", type=UUID, required=True)
    parser.add_argument("--region", type=UUID, required=True)
    parser.add_argument("--shared", type=UUID, required=True)
    args = parser.parse_args()
    by = Provenance(actor=f"writer-{args.writer}")
    c = bootstrap(Settings.from_env())
    try:
        people = [
            c.people.register(PersonalDetails(f"Ledamot {args.writer}-{i}", None), by).person_id
            for i in range(2)
        ]
        deadline = time.monotonic() + args.seconds
        n = 0
        while time.monotonic() < deadline:
            n += 1
            on = date(2001, 1, 1) + timedelta(days=n)

            def change(days: int = 0) -> Change:
                return Change(on + timedelta(days=days), args.decision, by)  # noqa: B023

            kind = Classification(OrganKind.COMMITTEE)
            new = NewOrgan(f"Nämnd {args.writer}-{n}", kind, args.region)
            committee = retried(lambda: c.organs.establish(new, change())).organ.organ_id  # noqa: B023
            chair = NewSeat(people[0], SeatRole.MEMBER, PresidiumRole.CHAIR)
            c.composition.appoint(committee, chair, change())
            member = NewSeat(people[1], SeatRole.MEMBER)
            second = c.composition.appoint(committee, member, change()).seat_id
            c.composition.change_presidium(committee, second, PresidiumRole.CHAIR, change(100))
            name = f"Delad {args.writer}-{n}"
            retried(lambda: c.organs.rename(args.shared, name, change(n)))  # noqa: B023
            retried(lambda: c.organs.dissolve(committee, change(200)))  # noqa: B023
    finally:
        c.close()


if __name__ == "__main__":
    main()
