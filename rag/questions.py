"""Checking a question before any work is done on it."""

from __future__ import annotations

import re

from rag.errors import BadQuestion

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_question(question: object, max_chars: int) -> str:
    """The question, stripped; BadQuestion when it is empty, too long or holds control characters."""
    if not isinstance(question, str):
        raise BadQuestion("the question must be text")
    if len(question) > max_chars:
        raise BadQuestion(
            f"the question is too long ({len(question):,} characters; the limit is {max_chars:,})"
        )
    if _CONTROL.search(question):
        raise BadQuestion("the question contains control characters; type it as plain text")
    question = " ".join(question.split())
    if not question:
        raise BadQuestion("the question is empty; ask something about the documents")
    return question


def check_top_k(top_k: object) -> int | None:
    """top_k as given, or None for the setting; BadQuestion when it is outside the setting's range."""
    if top_k is None:
        return None
    low, high = _bounds("top_k")
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not low <= top_k <= high:
        raise BadQuestion(f"top_k must be between {low} and {high} (got {top_k!r})")
    return top_k


def _bounds(name: str) -> tuple[int, int]:
    """The ge/le limits a Settings field declares, so the API and the CLI check the same range."""
    from rag.settings import Settings

    limits = {key: getattr(m, key) for m in Settings.model_fields[name].metadata
              for key in ("ge", "le") if hasattr(m, key)}
    return limits["ge"], limits["le"]
