"""The one interface every gate check shares: a name, a reader-facing explanation, named thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from rag.checks.context import GateContext
    from rag.evidence import Evidence


@dataclass(frozen=True)
class Failure:
    """One check that failed: its name, why in a reader's words, and whether a model could fix it."""

    check: str
    explanation: str
    fixable: bool = True  # False: no model can answer from this evidence (off topic, an instruction)


@dataclass(frozen=True)
class Check:
    """A rule the evidence must pass for the question to be answerable.

    Subclasses set ``name`` and ``explanation`` (a template filled by ``fail(**details)``), keep
    their thresholds as dataclass fields, and implement ``check``.
    """

    name: ClassVar[str] = ""
    explanation: ClassVar[str] = ""
    fixable: ClassVar[bool] = True  # whether a capable model, given the evidence, might still answer
    needs_evidence: ClassVar[bool] = True  # skipped when nothing was retrieved

    def check(self, question: str, evidence: list[Evidence], context: GateContext) -> Failure | None:
        """A Failure when the evidence does not pass this check, else None."""
        raise NotImplementedError

    def fail(self, **details: str) -> Failure:
        """This check's Failure, its explanation filled with details."""
        return Failure(self.name, self.explanation.format(**details), self.fixable)
