"""A store holding an establishment's correction of Organ.ChangeCorrected version 1 (before
code and principals could be corrected): read with code and principals as founded, its
audit trail as written then, and rebuilt as it ran live."""

from __future__ import annotations

import json
from datetime import date

from domain.organ_corrections import Correction
from domain.organ_kinds import OrganKind
from interfaces.bootstrap import Container, make_projections
from projections.rebuild import compare, rebuild
from tests.builders import World
from tests.unit.test_establishment_code_and_principal_corrections import stored_at_version_1


def test_a_version_1_correction_keeps_code_and_principals_in_every_projection(
    container: Container,
) -> None:
    world = World(container.app)
    vastkom = world.organ("VästKom", OrganKind.EXTERNAL_PARTY, on=date(1999, 1, 1))
    vvg = world.organ("VVG", OrganKind.COLLABORATION, on=date(2017, 1, 1),
                      principal_ids=(world.region_id, vastkom), code="VVG")  # fmt: skip
    stored_at_version_1(world, vvg, Correction(name="Vårdsamverkan"))
    position = container.follower.catch_up()
    with container.db.reading() as cursor:
        organ = container.views.organs.detail(cursor, vvg, date(2018, 1, 1), position)
        cursor.execute(
            "SELECT data FROM audit_events WHERE aggregate_id = ? AND event_type = ?",
            (str(vvg), "Organ.ChangeCorrected"),
        )
        (data,) = [json.loads(row[0]) for row in cursor.fetchall()]
    assert organ is not None
    assert (organ.state.name, organ.state.code) == ("Vårdsamverkan", "VVG")
    assert organ.state.principal_ids == (world.region_id, vastkom)
    assert data["name"] == "Vårdsamverkan"
    assert "code" not in data
    assert "principal_ids" not in data
    scratch = container.db.scratch()
    try:
        rebuilt = make_projections(scratch)
        rebuild(scratch, container.follower.source, rebuilt)
        assert compare(container.db, scratch, container.follower.projections, rebuilt) == []
    finally:
        scratch.discard()
