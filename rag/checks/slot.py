"""The attribute asked for ("the population of …", "how many … were killed") is absent."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer_kind import counts_asked
from rag.checks.base import Check, Failure
from rag.checks.context import question_names
from rag.extractive import parts
from rag.lexicon import lemmas
from rag.text import QUESTION_WORDS, STOPWORDS, words

# "What is the population of Homs?": the attribute asked for must itself be in the evidence.
_ATTRIBUTE = re.compile(
    r"^\s*(?:what|who|which)\s+(?:is|was|are|were)\s+the\s+(?:\w+\s+){0,2}?(\w+)\s+(?:of|for|in|behind|at|to)\b",
    re.I,
)
# Words that name the answer's form, not an attribute of the thing: "what is the name of the
# website" asks for the name itself, which the evidence holds without the word "name"; "who is the
# source for that" is answered by "according to a Syrian official", never by the word "source".
_FORM_WORDS = frozenset("name names title number amount total figure kind type sort source".split())
# "How many people were killed?": what is counted, and what happened to it.
_COUNTED = re.compile(r"^\s*(?:roughly |about |approximately )?how (?:many|much)\s+(\w+)\s+(.*)$", re.I)
# "How much did Sky bid …", "how much would it cost …": no noun is counted; the verb is the slot.
_AUXILIARY = frozenset("did does do would will is are was were has have had can could should".split())
# "How much in arrears …", "how many of the …": the counted noun follows the preposition.
_LEADING = re.compile(r"^(?:in|of|at|for)\s+(?:(?:the|a|an|these|those|them|its|their)\s+)?", re.I)
VERB_MATCH = 0.5  # cosine at which a question's verb matches the evidence's (nouns: WORD_MATCH)
_PREPOSITION = frozenset("in of at for to by from on per with over during since".split())


def slot_words(question: str) -> list[str]:
    """The words naming what a question asks for, when its form says so; else none."""
    if match := _ATTRIBUTE.match(question):
        word = match.group(1).lower()
        return [] if word in _FORM_WORDS else [word]
    if match := _COUNTED.match(question):
        return _counted(match.group(1), match.group(2))
    return []


def _counted(first: str, rest: str) -> list[str]:
    """The counted noun and the verb of "how many <noun> <verb> …", or the verb alone after "how much did"."""
    if first.lower() == "of":  # "how many of the rescued were children": the part is the slot
        return _lowercase_content(rest)[-1:]
    if first.lower() in _PREPOSITION:
        tail = _LEADING.sub("", f"{first} {rest}")
        first, _, rest = tail.partition(" ")
    if first.lower() in _AUXILIARY:
        clause = re.split(r"\b(?:" + "|".join(_PREPOSITION) + r")\b", rest, maxsplit=1)[0]
        verbs = _lowercase_content(clause)
        return verbs[-1:]
    return [first.lower(), *_lowercase_content(rest)[:1]]


def _lowercase_content(text: str) -> list[str]:
    """The content words of text written in lower case: verbs and common nouns, not names."""
    found = [w for w in words(text) if w not in STOPWORDS and w not in QUESTION_WORDS]
    return [w for w in found if re.search(rf"\b{re.escape(w)}\b", text)]


def owner_of(question: str) -> str | None:
    """What an attribute belongs to, when named: "Tasmania" in "what is the population of Tasmania"."""
    match = _ATTRIBUTE.match(question)
    if match is None or match.group(1).lower() in _FORM_WORDS or not match.group(0).lower().endswith("of"):
        return None  # "the prosecutor in the Sam case" is not Sam's: only "of" says whose
    owner = question[match.start(1):]  # from the attribute on, so no name is first in it
    return owner if question_names(owner) else None


def holds_slots(context, slots: list[str], text: str, verb_match: float = VERB_MATCH) -> bool:
    """Whether text holds the slot words: the first as the shared matcher finds it, the verb after it
    more loosely, since verbs are paraphrased more than nouns ("died" for "killing")."""
    return all(context.matched(slots[:1], text) + context.matched(slots[1:], text, verb_match))


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
    window: int = 2  # the answering document's best sentences the slot words may sit in
    verb_match: float = VERB_MATCH

    def check(self, question, evidence, context) -> Failure | None:
        missing = unanswered_parts(question, context, self.window, self.answered)
        if not missing or counted_deeper(question, context):
            return None
        what = asked_for(missing[0])
        return self.fail(asked=what)

    def answered(self, question: str, sentences: list[str], context) -> bool:
        """Whether the sentences hold what the question (or one part of it) asks for."""
        slots = slot_words(question)
        if not slots:
            return True
        owner = owner_of(question)
        if owner is not None:  # "the population of Tasmania": one sentence must name both
            return any(holds_slots(context, slots, sentence) and not context.missing_names(sentence, owner)
                       for sentence in sentences)
        return holds_slots(context, slots, " ".join(sentences), self.verb_match)


COUNTED_WINDOW = 8  # the answering document's best sentences, where a count of the asked noun may sit
# Verbs that say little of what happened to what is counted: "how many people live in Tulsa" is
# answered by "the city had about 391,000 people".
_LIGHT_VERBS = frozenset("be have come go get make take live exist reside stay".split())


def counted_deeper(question: str, context) -> bool:
    """Whether one of the answering document's best sentences, not only its top ones, puts a number
    on the noun a "how many" question counts, and tells what happened to it: "a survey of 1709
    schoolchildren" answers "how many schoolchildren were surveyed in the study" even when the
    study's name draws other sentences above it; "300,000 people killed" does not answer "how many
    people were evacuated"."""
    verbs = [v for v in slot_words(question)[1:] if not lemmas(v) & _LIGHT_VERBS]
    return any(counts_asked(question, s) and all(context.matched(verbs, s, VERB_MATCH))
               for s in context.answering_sentences(COUNTED_WINDOW))


def unanswered_parts(question: str, context, window: int, answered) -> list[str]:
    """The parts of a question that no document's best sentences answer, as ``answered`` judges.

    A one-part question is judged on the answering document alone; each part of a question in
    several parts ("how many astronauts died …, and how many people did the cyclone kill?") may be
    answered by its own document.
    """
    pieces = parts(question)
    if len(pieces) == 1:
        return [] if answered(question, context.answering_sentences(window), context) else [question]
    groups = context.document_sentences(window)
    return [p for p in pieces if not any(answered(p, group, context) for group in groups)]
