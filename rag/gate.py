"""The answerability gate: decide, before any LLM call, whether the evidence answers the question.

The decision is a list of named checks (rag/checks/, one module each): the question is an
instruction; nothing was retrieved; nothing retrieved is about it; it names things the answering
document never mentions; too little of it is covered; the attribute it asks for is absent; the
sentence telling the event it asks about has another actor or place; it asks what someone said and
the evidence only mentions them; it wants a kind of answer (a number, a date, a name) the evidence
does not hold. Every check that fails is reported, so a refusal can say why and the eval can count
false refusals per check. Thresholds are calibrated on the dev half of the eval set (see evals/).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rag.checks import CHECKS, Check, Failure, GateContext
from rag.checks.context import question_names
from rag.checks.instruction import is_instruction
from rag.checks.slot import slot_words
from rag.demonyms import same_root
from rag.entailment import Entailment
from rag.evidence import Evidence, EvidenceScorer
from rag.retrieve import KeywordIndex

# The helpers stay importable from here: the chain's other stages use them.

__all__ = ["Failure", "Gate", "Verdict", "is_instruction", "question_names", "same_root", "slot_words"]


# A capable model's "not in sources" refuses unless the evidence holds at least this share of what
# the question asks about (IDF-weighted). On the news dev split, with a model that is always right,
# it refused 77 of 87 unanswerable questions against 63 when the model's word counted for nothing;
# a model that always said "not in sources" would still have 59 of 122 answerable ones quoted.
SURE_COVERAGE = 0.9
MODEL_FOUND_NOTHING = Failure(
    "not_in_sources", "the model found no answer in the closest passages, and they cover only part of the question"
)
MODEL_DENIED_QUOTES = Failure(
    "not_in_sources", "the model found no answer in the closest passages, nor in the best quotes from them"
)


@dataclass(frozen=True)
class Verdict:
    """The gate's decision: every check that failed, and the figures behind them."""

    failures: tuple[Failure, ...] = ()
    relevance: float = 0.0
    coverage: float = 0.0
    # The documents whose evidence names all the question names, when it names any: where quotes come from.
    sources: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return not self.failures

    @property
    def reason(self) -> str:
        """The first failing check's name, or "ok"."""
        return self.failures[0].check if self.failures else "ok"

    @property
    def checks(self) -> list[str]:
        """The names of every failing check, in the gate's order."""
        return [f.check for f in self.failures]

    @property
    def explanation(self) -> str | None:
        """Why the first failing check refused, in a reader's words."""
        return self.failures[0].explanation if self.failures else None

    def doubted_by_model(self, quotes_answer: bool | None = None) -> Verdict:
        """The verdict once a capable model has said the sources do not answer: one signal, not the
        verdict. It stands when the evidence holds nearly all the question asks about, unless the
        model, asked whether the very quotes answer (``quotes_answer``), said no as well."""
        if not self.answerable:
            return self
        if self.coverage < SURE_COVERAGE:
            return replace(self, failures=(MODEL_FOUND_NOTHING,))
        if quotes_answer is False:
            return replace(self, failures=(MODEL_DENIED_QUOTES,))
        return self

    def unfixable(self) -> Verdict:
        """Only the failures no model could fix: what refuses before a capable model drafts."""
        return replace(self, failures=tuple(f for f in self.failures if not f.fixable))


class Gate:
    """Runs every check on one question's evidence and collects the failures."""

    def __init__(self, scorer: EvidenceScorer, checks: tuple[Check, ...] = CHECKS,
                 entailment: Entailment | None = None):
        self.scorer = scorer
        self.checks = checks
        self.entailment = entailment  # without it, the checks that judge a statement pass

    def judge(self, question: str, evidence: list[Evidence], keywords: KeywordIndex) -> Verdict:
        """Whether the evidence answers the question, with every reason it does not."""
        context = GateContext(question, evidence, keywords, self.scorer, self.entailment)
        failures = tuple(
            failure
            for check in self.checks
            if evidence or not check.needs_evidence
            if (failure := check.check(question, evidence, context)) is not None
        )
        if not evidence:
            return Verdict(failures)
        return Verdict(failures, context.relevance, context.coverage, context.naming_sources)
