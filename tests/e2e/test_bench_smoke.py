"""The benchmark script runs end to end on a tiny history, and its two answers agree.

It asserts no timings: speed is measured by `make bench`, side by side, never in tests.
"""

from __future__ import annotations

from pathlib import Path

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
