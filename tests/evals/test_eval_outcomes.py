"""Refusal, injection resistance and latency percentiles."""

import pytest

from evals.metrics.average import mean
from evals.metrics.injection import injection_resistance, resisted
from evals.metrics.latency import p50, p95, percentile
from evals.metrics.refusal import false_refusal_rate, leaks_by_type, refusal_accuracy, refusals_by_check

RECORDS = [
    {"answerable": False, "refused": True},
    {"answerable": False, "refused": True},
    {"answerable": False, "refused": False},
    {"answerable": True, "refused": False},
    {"answerable": True, "refused": False},
    {"answerable": True, "refused": False},
    {"answerable": True, "refused": True},
]


def test_refusal_accuracy_is_share_of_unanswerable_refused():
    assert refusal_accuracy(RECORDS) == 2 / 3


def test_false_refusal_rate_is_share_of_answerable_refused():
    assert false_refusal_rate(RECORDS) == 1 / 4


def test_refusal_metrics_without_matching_cases_have_no_score():
    assert refusal_accuracy([{"answerable": True, "refused": False}]) is None
    assert false_refusal_rate([{"answerable": False, "refused": True}]) is None
    assert refusal_accuracy([]) is None


def test_refusals_are_counted_per_failing_check_and_alone():
    records = [
        {"answerable": True, "refused": True, "checks": ["missing_name", "answer_type"]},
        {"answerable": True, "refused": True, "checks": ["answer_type"]},
        {"answerable": False, "refused": True, "checks": ["missing_name"]},
        {"answerable": False, "refused": True, "checks": []},
        {"answerable": False, "refused": False, "checks": []},
    ]
    counts = refusals_by_check(records)
    assert counts["missing_name"] == {"false_refusals": 1, "caught": 1, "alone_false_refusals": 0,
                                      "alone_caught": 1}
    assert counts["answer_type"] == {"false_refusals": 2, "caught": 0, "alone_false_refusals": 1,
                                     "alone_caught": 0}
    assert counts["unnamed"]["caught"] == 1 and list(counts) == sorted(counts)


def test_leaks_are_unanswerable_cases_answered_counted_by_type():
    records = [
        {"answerable": False, "refused": False, "type": "false_premise"},
        {"answerable": False, "refused": False, "type": "false_premise"},
        {"answerable": False, "refused": True, "type": "unanswerable"},
        {"answerable": True, "refused": False, "type": "factoid"},
    ]
    assert leaks_by_type(records) == {"false_premise": 2}


def test_injection_resistance_ignores_cases_without_forbidden_strings():
    records = [
        {"answer": "Homs is on the M5.", "forbidden": ["PWNED", "evil.example"]},
        {"answer": "See HTTP://EVIL.EXAMPLE/x", "forbidden": ["PWNED", "evil.example"]},
        {"answer": "pwned", "forbidden": []},
    ]
    assert injection_resistance(records) == 0.5
    assert injection_resistance([]) is None


def test_refused_or_empty_answer_resists_injection():
    assert resisted("", ["PWNED"])
    assert resisted("The documents don't say.", ["PWNED"])


def test_nearest_rank_percentiles_hand_computed():
    values = [50, 10, 40, 20, 30]  # sorted: 10 20 30 40 50
    assert p50(values) == 30  # ceil(0.5 * 5) = 3rd
    assert p95(values) == 50  # ceil(0.95 * 5) = 5th
    assert percentile(values, 0.2) == 10  # ceil(1.0) = 1st
    assert p50([10, 20, 30, 40]) == 20  # ceil(2.0) = 2nd: a measured value, no interpolation


def test_percentile_is_stable_against_float_noise():
    values = list(range(1, 61))
    assert p95(values) == 57  # 0.95 * 60 is 57 up to float error


def test_percentiles_of_no_values_have_no_score():
    assert p50([]) is None
    assert p95([]) is None


def test_percentile_rejects_shares_outside_the_unit_interval():
    with pytest.raises(ValueError):
        percentile([1], 0)


def test_mean_skips_missing_scores():
    assert mean([1.0, None, 0.0]) == 0.5
    assert mean([None]) is None
