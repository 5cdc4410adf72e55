"""Refusals: declining what the documents cannot answer, and only that."""

from __future__ import annotations

from evals.metrics.average import mean
from evals.metrics.base import Metric

REFUSAL_ACCURACY = Metric("refusal_accuracy", True, "unanswerable cases refused")
FALSE_REFUSAL_RATE = Metric("false_refusal_rate", False, "answerable cases refused")


def refusal_accuracy(records: list[dict]) -> float | None:
    """Share of unanswerable records ({"answerable", "refused"}) that were refused; None if none."""
    return mean(float(r["refused"]) for r in records if not r["answerable"])


def false_refusal_rate(records: list[dict]) -> float | None:
    """Share of answerable records that were refused (lower is better); None if none."""
    return mean(float(r["refused"]) for r in records if r["answerable"])
