"""The benchmark script runs end to end on a tiny history, and its two answers agree.

It asserts no timings: speed is measured by `make bench`, side by side, never in tests.
"""

from __future__ import annotations

from pathlib import Path

from bench.follow_up import main as follow_up_main
from bench.organ_tree import main


def test_organ_tree_benchmark_runs_and_its_answers_agree(tmp_path: Path) -> None:
    results = main(
        [
            "--organs",
            "30",
            "--sizes",
            "300,1200",
            "--reads",
            "5",
            "--replays",
            "5",
            "--out",
            str(tmp_path),
        ]
    )
    assert results["answers_agree"] is True
    assert results["sizes"][1200]["events"] >= 1200
    assert (tmp_path / "organ_tree-sqlite.json").exists()


def test_follow_up_benchmark_runs_on_a_small_plan(tmp_path: Path) -> None:
    results = follow_up_main(
        ["--items", "60", "--indicators", "10", "--posts", "10", "--reads", "3",
         "--out", str(tmp_path)]
    )  # fmt: skip
    assert results["events"] > 60 + 10 * 2
    assert set(results) >= {
        "http_over_raw",
        "report_known_at_p50_ms",
        "report_known_at_over_now",
        "report_http_known_at_p50_ms",
        "report_http_known_at_over_now",
    }
    assert (tmp_path / "follow_up-sqlite.json").exists()
