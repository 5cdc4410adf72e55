"""What a metric says about itself: its name, which way is better, and whether it is gated."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """A summary metric's identity; the scoring functions stay plain functions beside it."""

    name: str
    higher_is_better: bool
    description: str
    gated: bool = True  # reported but never gated when False: tuning for it would loosen the chain
    per_case: bool = False  # the summary value is the mean of the per-case score of the same name

    @property
    def threshold_kind(self) -> str:
        """'min' (a floor) for higher-is-better metrics, 'max' (a ceiling) for the others."""
        return "min" if self.higher_is_better else "max"
