"""Off topic: no evidence sentence is close in meaning to the question."""

from __future__ import annotations

from dataclasses import dataclass

from rag.checks.base import Check, Failure


@dataclass(frozen=True)
class Relevance(Check):
    name = "off_topic"
    explanation = "the documents are not about this"
    fixable = False
    relevance_min: float = 0.30  # below this best-sentence cosine, nothing retrieved is about the question

    def check(self, question, evidence, context) -> Failure | None:
        return self.fail() if context.relevance < self.relevance_min else None
