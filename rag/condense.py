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

# What marks a follow-up. A question that has none of these stands alone, however short, and is
# never joined to the previous one: "What is the population of Damascus?" after a question about Homs
# asks about Damascus only.
_CONNECTIVE = re.compile(r"^\s*(and|but|also|so|then|plus|what about|how about|what else)\b", re.I)
# Words that point at something said before: pronouns, possessives, "that", "there", "instead".
_POINTER = re.compile(
    r"\b(it|its|they|them|their|theirs|he|him|his|she|her|this|these|those)\b"
    # "that" as a pointer ("who said that?", "that backlog"), not as a conjunction ("that Assad fled")
    r"|\bthat\b(?!\s+(the|a|an|(?-i:[A-Z])\w*|he|she|they|it|there|his|her|their|its)\b)"
    # "there" as a place, not as in "is there …" / "there were …"
    r"|(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b"
    r"(?!\s+(is|are|was|were|be|been|being|still)\b)"
    r"|\b(then|instead)\s*\?*$",
    re.IGNORECASE,
)
# The same words where they point at nothing: "is it true that…", "reported that people…",
# "the city that was captured", "this week".
_NOT_POINTING = re.compile(
    r"\bis it (true|possible|likely|known|the case|reported|said|claimed)\b"
    r"|\b(said|says|say|reported|reports|claimed|claims|think|thinks|believe|believes|true|fact|mean"
    r"|means|show|shows|showed|know|known|hope|fear|feared|warned|announced|promised) that\b"
    r"|(?<=\w )\bthat(?= (was|were|is|are|has|have|had)\b)"
    r"|\b(this|that|these) (week|month|year|morning|afternoon|evening|night|time|weekend)\b",
    re.IGNORECASE,
)
# A name earlier in the question is what a later pronoun points at ("Which towns near Homs do the
# rebels say they have taken?"), so such a pronoun does not lean on the conversation.
_NAME = re.compile(r"(?<!^)(?<![.?!] )\b[A-Z][\w'’-]+")
_ORDINAL = re.compile(
    r"\bthe (latter|former)\b"
    r"|\b(first|second|third|fourth|last|other|same|next|previous) (one|ones)\b",
    re.IGNORECASE,
)
# A fragment that only makes sense after the previous answer: "Within how many hours?"
_FRAGMENT = re.compile(
    r"^\s*(within|in|on|at|for|from|by|since|after|before|until|to|with)\s+(how|what|which|whom)\b", re.I
)
_ASKS = re.compile(
    r"^\s*(who|whom|whose|what|which|when|where|why|how|is|are|was|were|do|does|did|can|could"
    r"|will|would|has|have|had|should)\b",
    re.IGNORECASE,
)
MAX_TURNS = 3


def user_turns(history: list[dict]) -> list[str]:
    """The user's earlier questions, oldest first."""
    return [m["content"] for m in history if m.get("role") == "user" and m.get("content")]


def follow_up_cue(question: str) -> str | None:
    """What makes a question lean on earlier turns ('connective', 'pronoun', …); None if it stands alone."""
    if _CONNECTIVE.search(question):
        return "connective"
    if _points_back(question):
        return "pronoun"
    if _ORDINAL.search(question):
        return "ordinal"
    if not focus_terms(question):
        return "nothing of its own"  # "Why?", "How many?"
    if len(question.split()) <= 2 and not _ASKS.search(question):
        return "elliptical"  # "Hama?", "The Rustan bridge?"
    if len(question.split()) <= 4 and _FRAGMENT.search(question):
        return "elliptical"
    return None


def _points_back(question: str) -> bool:
    text = _NOT_POINTING.sub(lambda match: "_" * len(match.group()), question)
    pointer = _POINTER.search(text)
    return pointer is not None and not _NAME.search(text[:pointer.start()])


def needs_context(question: str) -> bool:
    """True when a question leans on earlier turns: 'and…', pronouns, 'the second one', or no subject."""
    return follow_up_cue(question) is not None


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
