"""Turn a follow-up ("and what about Hama?") into a standalone question before retrieval."""

from __future__ import annotations

import re

from rag.errors import LLMUnavailable
from rag.gate import question_names
from rag.llm import LLM
from rag.text import focus_terms

CONDENSE_PROMPT = """Rewrite the follow-up question so that it can be understood without the conversation.
Keep every name from the follow-up. Reply with the rewritten question only, on one line.

Conversation:
{history}

Follow-up question: {question}
Standalone question:"""

_REFERS_BACK = re.compile(
    r"^\s*(and|but|also|so|then|what about|how about|why|and why|what else)\b"
    r"|\b(it|its|they|them|their|he|him|his|she|her|this|that|these|those|there|then)\b"
    r"|\b(the )?(first|second|third|last|latter|former|other|same) (one|ones|city|town|group)?\b",
    re.IGNORECASE,
)
MAX_TURNS = 3


def user_turns(history: list[dict]) -> list[str]:
    """The user's earlier questions, oldest first."""
    return [m["content"] for m in history if m.get("role") == "user" and m.get("content")]


def needs_context(question: str) -> bool:
    """True when a question leans on earlier turns: pronouns, 'and…', or too few words to stand alone."""
    return _REFERS_BACK.search(question) is not None or len(focus_terms(question)) < 3


def fallback(history: list[dict], question: str) -> str:
    """Without an LLM: the previous question followed by the follow-up, so both steer retrieval."""
    previous = user_turns(history)[-1]
    return f"{previous.rstrip()} {question.strip()}"


def acceptable(rewrite: str, question: str) -> bool:
    """An LLM rewrite must be one short question that keeps the follow-up's names."""
    line = rewrite.strip()
    return (
        0 < len(line.split()) <= 40
        and "\n" not in line
        and line.endswith("?")
        and question_names(question) <= question_names(line)
    )


def condense(history: list[dict], question: str, llm: LLM | None, max_tokens: int = 60) -> str:
    """The standalone form of question given the conversation so far."""
    if not user_turns(history) or not needs_context(question):
        return question
    if llm is not None:
        turns = "\n".join(f"{m['role']}: {m['content']}" for m in history[-2 * MAX_TURNS:])
        prompt = CONDENSE_PROMPT.format(history=turns, question=question)
        try:
            rewrite = llm.complete([{"role": "user", "content": prompt}], max_tokens)
        except LLMUnavailable:
            rewrite = ""
        if acceptable(rewrite, question):
            return rewrite.strip()
    return fallback(history, question)
