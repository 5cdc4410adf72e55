"""Weak support: the evidence is neither close enough to the question nor covers enough of it."""

from __future__ import annotations

from dataclasses import dataclass

from rag.checks.base import Check, Failure


@dataclass(frozen=True)
class Support(Check):
    name = "weak_support"
    explanation = "the closest passages in the documents cover too little of what the question asks"
    support_min: float = 0.57  # relevance + coverage_weight * coverage must reach this
    coverage_weight: float = 0.25

    def check(self, question, evidence, context) -> Failure | None:
        score = context.relevance + self.coverage_weight * context.coverage
        return self.fail() if score < self.support_min else None
