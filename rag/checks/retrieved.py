"""Nothing at all was retrieved for the question."""

from __future__ import annotations

from dataclasses import dataclass

from rag.checks.base import Check, Failure


@dataclass(frozen=True)
class Retrieved(Check):
    name = "no_evidence"
    explanation = "nothing in the documents was found for this question"
    fixable = False
    needs_evidence = False

    def check(self, question, evidence, context) -> Failure | None:
        return None if evidence else self.fail()
