"""What the LLM did: how many answers it drafted, and how many fell back because it failed."""

from __future__ import annotations

from evals.metrics.average import mean


def degraded_share(records: list[dict]) -> float | None:
    """Share of answers (not refusals) that fell back to quotes because the LLM failed; lower is better."""
    return mean(float(bool(r.get("degraded"))) for r in records if not r["refused"])


def generated_share(records: list[dict]) -> float | None:
    """Share of answers (not refusals) whose sentences the LLM drafted and verification kept."""
    return mean(float(r.get("mode") == "generated") for r in records if not r["refused"])
