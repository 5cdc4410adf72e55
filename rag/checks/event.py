"""For "why/how did X do Y to Z", the one sentence telling the event names all of it.

The names may be spread over the best evidence for other questions, but an event's places and
people are part of the claim: the curfew was lifted in Aleppo, so "why did the rebels impose a
curfew on Homs" is not answered by a sentence about Aleppo.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.checks.actor import event_asked
from rag.checks.base import Check, Failure
from rag.checks.names import spelled


@dataclass(frozen=True)
class Event(Check):
    name = "other_event"
    explanation = "the passage that tells of this event does not mention {names}"

    def check(self, question, evidence, context) -> Failure | None:
        if event_asked(question) is None:
            return None
        missing = context.missing_names(evidence[0].sentence.text)
        return self.fail(names=spelled(question, missing)) if missing else None
