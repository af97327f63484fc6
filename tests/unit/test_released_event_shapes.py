"""Released topics and event shapes are permanent: a change needs a new version and an upcaster."""

from __future__ import annotations

from pathlib import Path

from domain.retired_events import RETIRED
from tests.fixtures.released_events import (
    REGISTRY,
    Code,
    CurrentEvent,
    Fields,
    Registry,
    current_code,
    domain_aggregates,
    domain_events,
    dump_registry,
    load_registry,
    main,
    problems,
    upcasts,
    with_new_shapes,
)

RENAMED = "styrlogg:Organ.Renamed"
V1: Fields = {"actor": "str", "effective_on": "date", "name": "str"}
V2: Fields = {**V1, "language": "str"}


def code(
    *events: CurrentEvent,
    aggregates: frozenset[str] = frozenset({"styrlogg:Organ"}),
    retired: dict[str, frozenset[str]] | None = None,
) -> Code:
    return Code(aggregates=aggregates, events={e.topic: e for e in events}, retired=retired or {})


def registry(versions: dict[int, Fields], topic: str = RENAMED) -> Registry:
    return Registry(aggregates=frozenset({"styrlogg:Organ"}), events={topic: versions})


def renamed(version: int, fields: Fields, upcast_steps: set[int] | None = None) -> CurrentEvent:
    steps = set(range(1, version)) if upcast_steps is None else upcast_steps
    return CurrentEvent(RENAMED, version, fields, frozenset(steps))


def test_the_domain_changes_no_released_topic_or_event_shape_without_a_new_version() -> None:
    assert problems(current_code(), load_registry()) == []


def test_the_registry_reads_every_aggregate_and_event_of_the_domain() -> None:
    registered = load_registry()
    assert len(registered.aggregates) == len(domain_aggregates()) > 0
    assert set(registered.events) == set(domain_events()) | set(RETIRED)


def test_a_released_topic_may_retire_only_into_event_classes_of_the_code() -> None:
    released = registry({1: V1})
    assert problems(code(), released) == [
        f"event topic {RENAMED!r} was released and is gone: topics are permanent, keep the class"
        " with its TOPIC (stored events name it), or retire it in domain/retired_events.py"
        " with the events it is read as"
    ]
    successor = CurrentEvent("styrlogg:Organ.NameGiven", 1, V1, frozenset())
    retired = {RENAMED: frozenset({successor.topic})}
    assert problems(code(successor, retired=retired), released) == [
        "event topic 'styrlogg:Organ.NameGiven' is new: record its shape with"
        " `python -m tests.fixtures.released_events`"
    ]
    assert problems(code(retired=retired), released) == [
        f"retired topic {RENAMED!r} is read as 'styrlogg:Organ.NameGiven', which is no event class"
    ]
    unreleased = {"styrlogg:Organ.Never": frozenset({RENAMED})}
    assert problems(code(renamed(1, V1), retired=unreleased), released) == [
        "retired topic 'styrlogg:Organ.Never' was never released: delete its entry"
    ]
    still = {RENAMED: frozenset({RENAMED})}
    assert problems(code(renamed(1, V1), retired=still), released) == [
        f"retired topic {RENAMED!r} still names an event class: it is read as that"
    ]


def test_every_aggregate_names_its_own_topic_so_a_moved_class_keeps_it() -> None:
    assert [a.__qualname__ for a in domain_aggregates() if "TOPIC" not in vars(a)] == []


def test_the_registry_file_is_written_as_the_script_writes_it() -> None:
    assert REGISTRY.read_text(encoding="utf-8") == dump_registry(load_registry())


def test_a_field_added_under_the_same_class_version_is_refused_with_what_to_do() -> None:
    [problem] = problems(code(renamed(1, V2)), registry({1: V1}))
    assert "changed its fields under class_version 1 (added language: str)" in problem
    assert "class_version 2" in problem
    assert "upcast_v1_v2" in problem


def test_a_removed_or_retyped_field_is_refused_too() -> None:
    retyped = {**V1, "effective_on": "str"}
    del retyped["name"]
    [problem] = problems(code(renamed(1, retyped)), registry({1: V1}))
    assert "removed name; effective_on: date became str" in problem


def test_a_new_class_version_with_an_upcaster_and_its_shape_recorded_passes() -> None:
    assert problems(code(renamed(2, V2)), registry({1: V1, 2: V2})) == []


def test_a_new_class_version_must_have_its_shape_recorded() -> None:
    [problem] = problems(code(renamed(2, V2)), registry({1: V1}))
    assert "class_version 2 is not registered" in problem


def test_a_new_class_version_without_its_upcaster_is_refused() -> None:
    [problem] = problems(code(renamed(2, V2, upcast_steps=set())), registry({1: V1, 2: V2}))
    assert "needs a static upcast_v1_v2" in problem


def test_a_class_version_only_goes_up_by_one() -> None:
    assert "only goes up" in problems(code(renamed(1, V1)), registry({1: V1, 2: V2}))[0]
    assert "go up by one" in problems(code(renamed(3, V2)), registry({1: V1}))[0]


def test_a_released_topic_that_disappears_is_refused() -> None:
    [event_gone] = problems(code(), registry({1: V1}))
    assert f"event topic {RENAMED!r} was released and is gone" in event_gone
    [aggregate_gone] = problems(code(renamed(1, V1), aggregates=frozenset()), registry({1: V1}))
    assert "aggregate topic 'styrlogg:Organ' was released and is gone" in aggregate_gone


def test_a_new_topic_must_be_recorded() -> None:
    new = CurrentEvent("styrlogg:Organ.Merged", 1, V1, frozenset())
    [problem] = problems(code(renamed(1, V1), new), registry({1: V1}))
    assert "event topic 'styrlogg:Organ.Merged' is new" in problem


def test_recording_new_shapes_keeps_every_older_version() -> None:
    updated = with_new_shapes(code(renamed(2, V2)), registry({1: V1}))
    assert updated.events[RENAMED] == {1: V1, 2: V2}


def test_the_script_records_a_new_topic_and_keeps_every_entry(tmp_path: Path) -> None:
    path = tmp_path / "released_events.json"
    known = with_new_shapes(current_code(), Registry(frozenset(), {}))
    without = Registry(known.aggregates, {t: v for t, v in known.events.items() if t != RENAMED})
    path.write_text(dump_registry(without), encoding="utf-8")
    assert main(path) == 0
    assert load_registry(path) == known


def test_the_script_never_overwrites_a_registered_shape(tmp_path: Path) -> None:
    path = tmp_path / "released_events.json"
    known = with_new_shapes(current_code(), Registry(frozenset(), {}))
    version = current_code().events[RENAMED].class_version
    other = {**known.events[RENAMED][version], "only_in_this_test": "str"}
    changed = Registry(known.aggregates, {**known.events, RENAMED: {version: other}})
    path.write_text(dump_registry(changed), encoding="utf-8")
    assert main(path) == 1
    assert path.read_text(encoding="utf-8") == dump_registry(changed)


def test_an_upcaster_counts_only_when_static_as_the_mapper_calls_it_on_the_class() -> None:
    class Static:
        class_version = 3

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["language"] = "sv"

        def upcast_v2_v3(self, state: dict[str, object]) -> None:
            state["script"] = "latin"

    assert upcasts(Static) == frozenset({1})
