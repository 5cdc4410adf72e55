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
