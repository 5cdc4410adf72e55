"""Latency percentiles by the nearest-rank method: always a latency that was measured."""

from __future__ import annotations

import math

from evals.metrics.base import Metric

P50 = Metric("p50", False, "median time to answer, in milliseconds")
P95 = Metric("p95", False, "95th-percentile time to answer, in milliseconds")


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the ceil(share * n)-th smallest value; None for no values."""
    if not values:
        return None
    if not 0 < share <= 1:
        raise ValueError("share must be in (0, 1]")
    ordered = sorted(values)
    # Rounding first keeps float noise (0.95 * 60 = 57.000000000000007) off the next rank.
    return ordered[math.ceil(round(share * len(ordered), 9)) - 1]


def p50(values: list[float]) -> float | None:
    """Median latency (nearest rank)."""
    return percentile(values, 0.50)


def p95(values: list[float]) -> float | None:
    """95th-percentile latency (nearest rank)."""
    return percentile(values, 0.95)
