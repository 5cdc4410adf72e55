"""Retrieval quality: did the retrieved passages overlap the passages a case expects?"""

from __future__ import annotations

from evals.metrics.average import mean
from evals.metrics.base import Metric

HIT_RATE = Metric("hit_rate", True, "answerable cases whose retrieved passages overlap an expected span")
MRR = Metric("mrr", True, "mean reciprocal rank of the first retrieved passage overlapping an expected span")


def overlaps(passage: dict, expected: dict) -> bool:
    """Same source and the character spans [start, end) share at least one character."""
    return (
        passage["source"] == expected["source"]
        and passage["start"] < expected["end"]
        and expected["start"] < passage["end"]
    )


def first_hit_rank(retrieved: list[dict], expected: list[dict]) -> int | None:
    """1-based rank of the first retrieved passage overlapping any expected span; None if none."""
    for rank, passage in enumerate(retrieved, start=1):
        if any(overlaps(passage, span) for span in expected):
            return rank
    return None


def hit_rate(runs: list[tuple[list[dict], list[dict]]]) -> float | None:
    """Share of (retrieved, expected) runs with at least one hit; None for no runs."""
    return mean(float(first_hit_rank(*run) is not None) for run in runs)


def mrr(runs: list[tuple[list[dict], list[dict]]]) -> float | None:
    """Mean reciprocal rank of the first hit (a miss counts 0); None for no runs."""
    ranks = (first_hit_rank(*run) for run in runs)
    return mean(1.0 / rank if rank else 0.0 for rank in ranks)
