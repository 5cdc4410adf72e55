"""For "why/how did X do Y", X must be the one acting in the best evidence, not the one acted on.

This catches premises the text contradicts by swapping who acted: the bridge was destroyed by the
Russian military, so "why did the rebels blow it up" is not answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.checks.base import Check, Failure
from rag.checks.context import full_names
from rag.text import content_words, stem

# "Why did the rebels blow up the bridge?": who did it is part of the claim. Hypotheticals
# ("why would losing Homs …") assert no event, so they are left alone.
ACTOR = re.compile(r"^\s*(?:why|how)\s+(?:did|do|does|has|have|had)\s+(.+)$", re.I)


# "Several scenarios were considered because of …": a passive with no "by" names no actor, so it
# leaves who acted open rather than saying someone else did.
_PASSIVE = re.compile(r"\b(?:is|are|was|were|been|being|be)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b", re.I)
_AGENT = re.compile(r"\bby\b", re.I)


def unstated_agent(sentence: str) -> bool:
    """Whether the sentence tells the event in the passive without saying by whom."""
    match = _PASSIVE.search(sentence)
    return match is not None and _AGENT.search(sentence, match.end()) is None


def event_asked(question: str) -> str | None:
    """The "X do Y" of a "why/how did X do Y" question, else None."""
    match = ACTOR.match(question)
    return match.group(1) if match else None


def surname(word: str, question: str) -> str:
    """The name a report calls someone by after the first mention: "Holt" for the "Brock" of "Brock Holt"."""
    return next((last for first, last in full_names(question) if stem(word) in first), word)


@dataclass(frozen=True)
class Actor(Check):
    name = "other_actor"
    explanation = "the documents do not say that {actor} did this"

    def check(self, question, evidence, context) -> Failure | None:
        event = event_asked(question)
        if event is None:
            return None
        asked = content_words(event)
        if len(asked) < 2:
            return None
        tokens = content_words(evidence[0].sentence.text)
        found = context.matched_at(surname(asked[0], question), tokens)
        rest = [i for i, t in enumerate(tokens) if stem(t) in {stem(w) for w in asked[1:]}]
        if found is not None and (not rest or found < max(rest)):
            return None
        if found is None and unstated_agent(evidence[0].sentence.text):
            return None
        actor = re.split(rf"(?<=\b{re.escape(asked[0])})\b", event, maxsplit=1, flags=re.I)[0]
        return self.fail(actor=actor)
