"""For "what did X say about Y", a sentence of the answering document must attribute a statement to X.

Being mentioned is not saying anything: the answer is a statement on a topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.checks.base import Check, Failure
from rag.text import content_words

_SPEAKER = re.compile(
    r"^\s*what (?:did|does|do|has|have|had) (.+?) (?:say|think|claim|announce|report)\b.*\babout\b",
    re.I,
)
_ATTRIBUTION = re.compile(
    r"\b(said|says|saying|told|tells|stated|claimed|claims|announced|reported|urged|warned|posted"
    r"|promised|according to)\b",
    re.I,
)


def speaker_asked(question: str) -> str | None:
    """The X of a "what did X say about Y" question, else None."""
    match = _SPEAKER.match(question)
    return match.group(1) if match else None


def attributed(speaker: str, sentences: list[str], context) -> bool:
    """Whether some sentence attributes a statement to the speaker."""
    wanted = content_words(speaker)
    for sentence in sentences:
        if _ATTRIBUTION.search(sentence):
            tokens = content_words(sentence)
            if all(context.matched_at(word, tokens) is not None for word in wanted):
                return True
    return False


@dataclass(frozen=True)
class Speaker(Check):
    name = "no_statement"
    explanation = "the documents quote no statement by {speaker} on this"

    def check(self, question, evidence, context) -> Failure | None:
        speaker = speaker_asked(question)
        if speaker is None or attributed(speaker, context.answering_window, context):
            return None
        return self.fail(speaker=speaker)
