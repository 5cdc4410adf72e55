"""Comparing two runs case by case."""

import json

import pytest

from evals.compare import compare, load_results
from rag.errors import RagError


def record(case_id, text, refused=False, recall=1.0):
    return {"id": case_id, "answer": {"answer": text, "refused": refused},
            "scores": {"fact_recall": recall}}


def write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_compare_reports_flips_recall_changes_and_new_text(tmp_path):
    first = write(tmp_path / "a.jsonl", [record("same", "x"), record("flip", "Homs.", recall=1.0),
                                          record("gone", "y")])
    run_b = tmp_path / "run_b"
    run_b.mkdir()
    write(run_b / "results.jsonl", [record("same", "x"), record("flip", "No.", True, 0.0),
                                    record("new", "z")])
    lines = compare(load_results(first), load_results(run_b))
    assert lines == [
        "flip:",
        "  refused: no -> yes",
        "  fact_recall: 1.00 -> 0.00",
        "  answer was: Homs.",
        "  answer now: No.",
        "gone: only in the first run",
        "new: only in the second run",
        "3 of 4 cases changed",
    ]


def test_missing_or_malformed_results_are_clear_errors(tmp_path):
    with pytest.raises(RagError, match="cannot read results"):
        load_results(tmp_path / "nothing")
    (tmp_path / "bad.jsonl").write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(RagError, match="not a results.jsonl"):
        load_results(tmp_path / "bad.jsonl")
