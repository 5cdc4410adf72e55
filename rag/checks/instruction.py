"""The question is an instruction (write, pretend, ignore your rules), not a question about the documents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.checks.base import Check, Failure
from rag.evidence import looks_like_instruction

_TASK_REQUEST = re.compile(
    r"\b(pretend|roleplay|role-play|act as|you are now|from now on|repeat after me)\b"
    r"|\b(write|compose|generate|create|draft)\b.{0,20}\b(poem|story|song|essay|joke|code|program"
    r"|script|email|letter|tweet|limerick|haiku)\b"
    r"|\btranslate\b|\bsystem prompt\b|\byour (instructions|rules|prompt)\b",
    re.IGNORECASE,
)


def is_instruction(question: str) -> bool:
    """True when the 'question' asks the assistant to do something other than answer from sources."""
    return looks_like_instruction(question) or _TASK_REQUEST.search(question) is not None


@dataclass(frozen=True)
class Instruction(Check):
    name = "instruction"
    explanation = "the question asks for something other than an answer from the documents"
    fixable = False
    needs_evidence = False

    def check(self, question, evidence, context) -> Failure | None:
        return self.fail() if is_instruction(question) else None
