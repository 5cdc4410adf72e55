"""Fact recall: how many of the expected facts the answer states."""

from __future__ import annotations

from evals.metrics.base import Metric
from evals.metrics.text import normalise, strip_markers

FACT_RECALL = Metric("fact_recall", True, "share of the expected facts the answer states", per_case=True)


def fact_present(answer_text: str, alternatives: list[str]) -> bool:
    """True when any alternative wording of the fact appears in the answer, case-insensitively."""
    text = normalise(strip_markers(answer_text))
    return any(normalise(option) in text for option in alternatives if option.strip())


def fact_recall(answer: dict, facts: list[list[str]]) -> float | None:
    """Share of expected facts in the answer JSON's text; a refusal scores 0; None without facts."""
    if not facts:
        return None
    if answer.get("refused"):
        return 0.0
    text = answer.get("answer", "")
    return sum(fact_present(text, alternatives) for alternatives in facts) / len(facts)
