"""How many answers the LLM drafted, and how many fell back because it failed."""

from __future__ import annotations

import pytest

from evals.gate import failures, load_gate
from evals.metrics.llm import degraded_share, generated_share


def record(refused=False, degraded=False, mode="extractive"):
    return {"refused": refused, "degraded": degraded, "mode": "refused" if refused else mode}


def test_shares_count_answers_not_refusals():
    records = [record(mode="generated"), record(degraded=True), record(), record(refused=True)]

    assert degraded_share(records) == pytest.approx(1 / 3)
    assert generated_share(records) == pytest.approx(1 / 3)


def test_no_answers_means_no_share():
    assert degraded_share([record(refused=True)]) is None


def test_the_eval_fails_when_the_llm_was_down_for_more_than_a_few_answers():
    gate = load_gate()

    assert failures({"degraded_share": 0.5}, gate) == ["degraded_share 0.5 is above the maximum 0.05"]
    assert failures({"degraded_share": 0.0, "generated_share": 0.0}, gate) == []
