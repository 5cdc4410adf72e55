"""Averaging per-case scores where a case may have no score at all."""

from __future__ import annotations

from collections.abc import Iterable


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the scores that exist; None (shown as n/a, never gated) when there are none."""
    present = [value for value in values if value is not None]
    if not present:
        return None
    return sum(present) / len(present)
