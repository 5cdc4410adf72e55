"""Thresholds: floors, ceilings, overrides and failures."""

import json

import pytest

from evals.gate import MAX_METRICS, MIN_METRICS, Gate, apply_overrides, failures, load_gate
from rag.errors import RagError


def test_shipped_thresholds_load_and_point_the_right_way():
    gate = load_gate()
    assert set(gate.min) <= set(MIN_METRICS)
    assert set(gate.max) <= set(MAX_METRICS)
    assert "fact_recall" in gate.min and "false_refusal_rate" in gate.max


def test_floors_and_ceilings_each_fail_only_on_their_own_side():
    gate = Gate(min={"fact_recall": 0.8}, max={"p95": 1000})
    assert failures({"fact_recall": 0.8, "p95": 1000}, gate) == []
    assert failures({"fact_recall": 0.79, "p95": 1001}, gate) == [
        "fact_recall 0.79 is below the minimum 0.8",
        "p95 1001 is above the maximum 1000",
    ]


def test_metrics_without_a_value_are_not_gated():
    assert failures({"fact_recall": None}, Gate(min={"fact_recall": 0.8})) == []


def test_overrides_replace_thresholds():
    gate = Gate(min={"fact_recall": 0.8})
    apply_overrides(gate, "min", ["fact_recall=0.5", "mrr = 0.3"])
    apply_overrides(gate, "max", ["p50=250"])
    assert gate.min == {"fact_recall": 0.5, "mrr": 0.3}
    assert gate.max == {"p50": 250.0}


@pytest.mark.parametrize(
    ("kind", "override", "message"),
    [
        ("min", "fact_recall", "expects METRIC=NUMBER"),
        ("min", "fact_recall=high", "expects METRIC=NUMBER"),
        ("min", "accuracy=0.5", "unknown --min metric 'accuracy'"),
        ("min", "p95=100", "lower-is-better, use --max"),
        ("max", "fact_recall=0.9", "higher-is-better, use --min"),
    ],
)
def test_bad_overrides_raise_a_clear_error(kind, override, message):
    with pytest.raises(RagError, match=message):
        apply_overrides(Gate(), kind, [override])


def test_thresholds_file_with_an_unknown_metric_is_rejected(tmp_path):
    path = tmp_path / "thresholds.json"
    path.write_text(json.dumps({"min": {"vibes": 1}}), encoding="utf-8")
    with pytest.raises(RagError, match="vibes"):
        load_gate(path)


def test_each_metric_says_which_way_is_better():
    from evals.metrics.catalog import BY_NAME, METRICS

    assert len(BY_NAME) == len(METRICS)
    assert BY_NAME["fact_recall"].threshold_kind == "min" and BY_NAME["p95"].threshold_kind == "max"
    assert set(MIN_METRICS) | set(MAX_METRICS) == {m.name for m in METRICS if m.gated}
    assert not set(MIN_METRICS) & set(MAX_METRICS)


def test_a_flat_thresholds_file_takes_each_metrics_direction(tmp_path):
    path = tmp_path / "thresholds.json"
    path.write_text(json.dumps({"fact_recall": 0.7, "false_refusal_rate": 0.2}), encoding="utf-8")
    gate = load_gate(path)
    assert (gate.min, gate.max) == ({"fact_recall": 0.7}, {"false_refusal_rate": 0.2})


def test_the_min_max_thresholds_form_still_loads_and_is_checked(tmp_path):
    path = tmp_path / "thresholds.json"
    path.write_text(json.dumps({"min": {"mrr": 0.5}, "max": {"p50": 900}}), encoding="utf-8")
    assert (load_gate(path).min, load_gate(path).max) == ({"mrr": 0.5}, {"p50": 900.0})
    path.write_text(json.dumps({"max": {"mrr": 0.5}}), encoding="utf-8")
    with pytest.raises(RagError, match="higher-is-better, use --min"):
        load_gate(path)


def test_a_reported_metric_cannot_be_gated():
    with pytest.raises(RagError, match="reported, never gated"):
        apply_overrides(Gate(), "min", ["generated_share=0.5"])


def test_the_summary_reports_every_metric_of_the_catalog():
    from evals.metrics.catalog import METRICS
    from evals.scoring import summarise

    assert set(summarise([])) >= {"cases", *(m.name for m in METRICS)}
