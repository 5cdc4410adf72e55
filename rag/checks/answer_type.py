"""A question after a number, a date, a time or a person needs one in its best evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from rag.checks.base import Check, Failure
from rag.checks.slot import counted_deeper, holds_slots, slot_words, unanswered_parts
from rag.text import numbers, stem, words

# A digit inside a name ("the M5 highway") counts nothing.
_QUANTITY = re.compile(
    r"(?<![A-Za-z])\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?"
    r"|millions?|half)\b",
    re.IGNORECASE,
)
# Words that order events ("after", "before", "since", "during", "later") tell no time by themselves:
# "Assad regained control during the civil war, after the support of his allies" says not when it began.
_TIME = re.compile(
    r"\b(\d{4}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march"
    r"|april|may|june|july|august|september|october|november|december|overnight|tonight"
    r"|yesterday|today|week|month|year|night|morning|evening)\b",
    re.IGNORECASE,
)
# A year may have three digits: "the Duchy of Normandy began in 911".
_CALENDAR = re.compile(
    r"\b(\d{3,4}|\d{1,2}(st|nd|rd|th)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january"
    r"|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)
# "How long is the tapestry?" wants a measure: "the most famous" holds no quantity of length.
_MEASURE = re.compile(
    r"(?<![A-Za-z])\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|hundreds?|thousands?|millions?|dozens?|half|quarter|decades?|centuries)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")
# (what the question's form asks for, the pattern that finds one, the word for a reader)
_WANTED = (
    (re.compile(r"^\s*how (long|far|old|large|big|tall|high|deep|wide|heavy)\b", re.I), _MEASURE, "number"),
    (re.compile(r"^\s*(how (many|much|large|big|long|far|old)|what (number|percentage|share|amount))\b", re.I),
     _QUANTITY, "number"),
    (re.compile(r"^\s*((on|in) )?(what|which) (year|date|day|month|night)\b", re.I), _CALENDAR, "date"),
    (re.compile(r"^\s*(when|what time)\b", re.I), _TIME, "time"),
    (re.compile(r"^\s*(who|whom|whose)\b", re.I), _NAME, "name"),
    # "Which company hosts the site?": a kind of thing that is called by a name.
    (re.compile(r"^\s*(in |at |from |to )?(which|what) (\w+ )?(company|country|city|town|hospital|university"
                r"|college|school|team|club|newspaper|journal|agency|organi[sz]ation|party|firm|airline"
                r"|museum|street|road|river|island|state|province|region)\b", re.I), _NAME, "name"),
)


def wanted_kind(question: str) -> tuple[re.Pattern, str] | None:
    """The pattern an answer must match, and its kind in words, when the question's form says."""
    for form, pattern, kind in _WANTED:
        if form.search(question):
            return pattern, kind
    return None


def new_match(pattern: re.Pattern, question: str, sentence: str) -> bool:
    """Whether the sentence holds a match the question does not already give: "the 2010 census"
    counts no one for "How many people lived in Tulsa in 2010?"."""
    given = {stem(w) for w in words(question)} | numbers(question)
    return any(stem(m.group(0)) not in given and m.group(0).replace(",", "") not in given
               for m in pattern.finditer(sentence))


@dataclass(frozen=True)
class AnswerType(Check):
    name = "answer_type"
    explanation = "the passages about this give no {kind} that would answer it"
    window: int = 2  # the answering document's best sentences, one of which must hold the answer

    def check(self, question, evidence, context) -> Failure | None:
        missing = unanswered_parts(question, context, self.window, self.answered)
        if not missing or counted_deeper(question, context):
            return None
        return self.fail(kind=wanted_kind(missing[0])[1])

    def answered(self, question: str, sentences: list[str], context) -> bool:
        """Whether one of the sentences holds the kind of answer the question (or a part) wants."""
        wanted = wanted_kind(question)
        if wanted is None:
            return True
        pattern, kind = wanted
        # A count must be of the thing asked about: "most of Syria" does not count Hezbollah's fighters.
        counted = slot_words(question) if kind == "number" else []
        # A name the question gives may still answer "who" ("Who did the café in Tartus serve?" is
        # answered by "soldiers", which holds no name at all); a number or a date it gives may not.
        found = pattern.search if kind == "name" else partial(new_match, pattern, question)
        return any(found(s) and holds_slots(context, counted, s) for s in sentences)
