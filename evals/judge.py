"""Optional LLM judge of citation support, for comparison only: the lexical judge is the gate."""

from __future__ import annotations

import sys

from evals.metrics.average import mean
from evals.metrics.citations import citation_recall

_PROMPT = (
    "Passage:\n{passage}\n\nClaim:\n{claim}\n\n"
    "Is every part of the claim supported by the passage? Reply with one word: yes or no."
)


def llm_supports(client, model: str):
    """A (passage, claim) -> bool judge that asks an OpenAI-compatible endpoint."""

    def judge(passage: str, claim: str) -> bool:
        reply = client.chat.completions.create(
            model=model,
            messages=[{"role": "user", "content": _PROMPT.format(passage=passage, claim=claim)}],
            max_tokens=3,
            temperature=0,
        )
        return (reply.choices[0].message.content or "").strip().lower().startswith("yes")

    return judge


def judge_summary(records: list[dict], settings) -> dict:
    """{"llm_judge_citation_recall": ...} from the endpoint, or {} with a note when unavailable."""
    if not settings.llm_base_url:
        print("note: --llm-judge needs RAG_LLM_BASE_URL; skipped", file=sys.stderr)
        return {}
    from openai import OpenAI, OpenAIError

    client = OpenAI(base_url=settings.llm_base_url, api_key=settings.llm_api_key or "unused",
                    timeout=settings.llm_timeout)
    judge = llm_supports(client, settings.model_name)
    try:
        recall = mean(citation_recall(r["answer"], judge) for r in records)
    except OpenAIError as error:
        print(f"note: LLM judge failed ({type(error).__name__}); skipped", file=sys.stderr)
        return {}
    return {"llm_judge_citation_recall": None if recall is None else round(recall, 4)}
