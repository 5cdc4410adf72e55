"""Optional LLM judge of citation support, for comparison only: the lexical judge is the gate.

It is the chain's own model judge (rag/model_judge.py), asked of each answer sentence and the
passages it cites; a sentence the model gives no verdict on counts as unsupported, and how many
there were is reported beside the figure.
"""

from __future__ import annotations

import sys

from evals.metrics.average import mean
from evals.metrics.citations import citation_recall


def model_supports(judge):
    """A (passage, claim) -> bool judge over a ModelJudge, and the count of claims it gave no verdict on."""
    missing = [0]

    def supports(passage: str, claim: str) -> bool:
        verdict = judge.supports(claim, [passage])
        missing[0] += verdict is None
        return bool(verdict)

    return supports, missing


def judge_summary(records: list[dict], settings) -> dict:
    """{"llm_judge_citation_recall": ...} from the endpoint, or {} with a note when unavailable."""
    if not settings.llm_base_url:
        print("note: --llm-judge needs RAG_LLM_BASE_URL; skipped", file=sys.stderr)
        return {}
    from rag.llm import LLM
    from rag.model_judge import ModelJudge

    supports, missing = model_supports(ModelJudge(LLM(settings), budget_s=settings.llm_timeout))
    recall = mean(citation_recall(r["answer"], supports) for r in records)
    if missing[0]:
        print(f"note: the LLM judge gave no verdict {missing[0]} times; counted as unsupported", file=sys.stderr)
    return {"llm_judge_citation_recall": None if recall is None else round(recall, 4),
            "llm_judge_no_verdict": missing[0]}
