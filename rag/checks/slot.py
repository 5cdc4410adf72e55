"""The attribute asked for ("the population of …", "how many … were killed") is absent."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.checks.base import Check, Failure
from rag.text import QUESTION_WORDS, STOPWORDS, words

# "What is the population of Homs?": the attribute asked for must itself be in the evidence.
_ATTRIBUTE = re.compile(
    r"^\s*(?:what|who|which)\s+(?:is|was|are|were)\s+the\s+(?:\w+\s+){0,2}?(\w+)\s+(?:of|for|in|behind|at|to)\b",
    re.I,
)
# "How many people were killed?": what is counted, and what happened to it.
_COUNTED = re.compile(r"^\s*(?:roughly |about |approximately )?how (?:many|much)\s+(\w+)\s+(.*)$", re.I)


def slot_words(question: str) -> list[str]:
    """The words naming what a question asks for, when its form says so; else none."""
    if match := _ATTRIBUTE.match(question):
        return [match.group(1).lower()]
    if match := _COUNTED.match(question):
        rest = [w for w in words(match.group(2)) if w not in STOPWORDS and w not in QUESTION_WORDS]
        lowercase = [w for w in rest if w in match.group(2)]  # a verb, not a name
        return [match.group(1).lower(), *lowercase[:1]]
    return []


def asked_for(question: str) -> str:
    """What the question asks for, as a phrase: "the population of Homs", "how many people fled"."""
    phrase = question.strip().rstrip("?").strip()
    if match := _ATTRIBUTE.match(phrase):
        return "the " + phrase[match.start(1):]
    return phrase[0].lower() + phrase[1:]


@dataclass(frozen=True)
class Slot(Check):
    name = "missing_slot"
    explanation = "the documents never mention {asked}"

    def check(self, question, evidence, context) -> Failure | None:
        slots = slot_words(question)
        if all(context.matched(slots, context.best)):
            return None
        what = asked_for(question)
        return self.fail(asked=what if what.startswith("the ") else f"{what}")
