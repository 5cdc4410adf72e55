"""The answerability gate: decide, before any LLM call, whether the evidence answers the question.

It refuses when the question is an instruction rather than a question, when nothing retrieved is
about the question, when the question names things (people, places, numbers) the evidence never
mentions, when too little of what the question asks about is in the evidence, when the attribute it
asks for ("the population of …", "how many … were killed") is absent, when the sentence telling the
event it asks about has another actor or place, when it asks what someone said and the evidence only
mentions them, or when it wants a kind of answer (a number, a date, a name) the evidence does not
hold. Thresholds are calibrated on the dev half of the eval set (see evals/); the test half checks
they were not overfitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rag.evidence import Evidence, EvidenceScorer, looks_like_instruction
from rag.retrieve import KeywordIndex
from rag.text import QUESTION_WORDS, STOPWORDS, content_words, focus_terms, numbers, stem, terms, words

RELEVANCE_MIN = 0.30  # below this best-sentence cosine, nothing retrieved is about the question
SUPPORT_MIN = 0.57  # relevance + COVERAGE_WEIGHT * coverage must reach this
COVERAGE_WEIGHT = 0.25
WORD_MATCH = 0.62  # cosine at which two different words count as the same idea
NAME_MATCH = 0.75  # stricter for names: "Russian" may stand for "Russia", "Iran" not for "Iraq"
WINDOW = 3  # evidence sentences the question's terms may be spread over
NAME_WINDOW = 2  # the names a question asks about must sit in its best evidence

_TASK_REQUEST = re.compile(
    r"\b(pretend|roleplay|role-play|act as|you are now|from now on|repeat after me)\b"
    r"|\b(write|compose|generate|create|draft)\b.{0,20}\b(poem|story|song|essay|joke|code|program"
    r"|script|email|letter|tweet|limerick|haiku)\b"
    r"|\btranslate\b|\bsystem prompt\b|\byour (instructions|rules|prompt)\b",
    re.IGNORECASE,
)
# A digit inside a name ("the M5 highway") counts nothing.
_QUANTITY = re.compile(
    r"(?<![A-Za-z])\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?"
    r"|millions?|several|few|many|most|half|all)\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(\d{4}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march"
    r"|april|may|june|july|august|september|october|november|december|overnight|tonight"
    r"|yesterday|today|week|month|year|night|morning|evening|earlier|later|ago|since|after"
    r"|before|during)\b",
    re.IGNORECASE,
)
_WANTS_QUANTITY = re.compile(
    r"^\s*(how (many|much|large|big|long|far|old)|what (number|percentage|share|amount))\b", re.I
)
_CALENDAR = re.compile(
    r"\b(\d{4}|\d{1,2}(st|nd|rd|th)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january"
    r"|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)
_WANTS_DATE = re.compile(r"^\s*((on|in) )?(what|which) (year|date|day|month|night)\b", re.I)
_WANTS_TIME = re.compile(r"^\s*(when|what time)\b", re.I)
# "What is the population of Homs?": the attribute asked for must itself be in the evidence.
_ATTRIBUTE = re.compile(
    r"^\s*(?:what|who|which)\s+(?:is|was|are|were)\s+the\s+(?:\w+\s+){0,2}?(\w+)\s+(?:of|for|in|behind|at|to)\b",
    re.I,
)
# "Why did the rebels blow up the bridge?": who did it is part of the claim. Hypotheticals
# ("why would losing Homs …") assert no event, so they are left alone.
_ACTOR = re.compile(r"^\s*(?:why|how)\s+(?:did|do|does|has|have|had)\s+(.+)$", re.I)
# "How many people were killed?": what is counted, and what happened to it.
_COUNTED = re.compile(r"^\s*(?:roughly |about |approximately )?how (?:many|much)\s+(\w+)\s+(.*)$", re.I)
# "What did Iran say about …": the answer is a statement on a topic, so the evidence must attribute
# one to that speaker; being mentioned is not saying anything.
_SPEAKER = re.compile(
    r"^\s*what (?:did|does|do|has|have|had) (.+?) (?:say|think|claim|announce|report)\b.*\babout\b",
    re.I,
)
_ATTRIBUTION = re.compile(
    r"\b(said|says|saying|told|tells|stated|claimed|claims|announced|reported|urged|warned|posted"
    r"|promised|according to)\b",
    re.I,
)
_WANTS_NAME = re.compile(r"^\s*(who|whom|whose)\b", re.I)


@dataclass(frozen=True)
class Verdict:
    """The gate's decision and the figures behind it."""

    answerable: bool
    reason: str
    relevance: float = 0.0
    coverage: float = 0.0


def is_instruction(question: str) -> bool:
    """True when the 'question' asks the assistant to do something other than answer from sources."""
    return looks_like_instruction(question) or _TASK_REQUEST.search(question) is not None


def question_names(question: str) -> set[str]:
    """Capitalised words and numbers in a question: the specific things it is about."""
    tokens = re.findall(r"[A-Za-z][A-Za-z0-9'’\-]*", question)
    names = {
        stem(t) for t in tokens[1:]
        if t[0].isupper() and t.lower() not in STOPWORDS and t.lower() not in QUESTION_WORDS
    }
    return names | numbers(question)


def slot_words(question: str) -> list[str]:
    """The words naming what a question asks for, when its form says so; else none."""
    if match := _ATTRIBUTE.match(question):
        return [match.group(1).lower()]
    if match := _COUNTED.match(question):
        rest = [w for w in words(match.group(2)) if w not in STOPWORDS and w not in QUESTION_WORDS]
        lowercase = [w for w in rest if w in match.group(2)]  # a verb, not a name
        return [match.group(1).lower(), *lowercase[:1]]
    return []


_DEMONYM_ENDINGS = ("n", "an", "ian", "ns", "ans", "ians", "i", "is", "es", "ese", "ish")
_PLACE_ENDINGS = ("", "a", "e", "o", "y", "ey", "on")  # dropped before the ending: Leban-on, Leban-ese


def _same_root(name: str, word: str) -> bool:
    # A place and its people share a root (Russia/Russian, Lebanon/Lebanese, Turkey/Turkish), but
    # Hama is not Hamas.
    return _demonym_of(name, word) or _demonym_of(word, name)


def _demonym_of(place: str, people: str) -> bool:
    for dropped in _PLACE_ENDINGS:
        if dropped and not place.endswith(dropped):
            continue
        root = place[: len(place) - len(dropped)]
        if len(root) >= 4 and people.startswith(root) and people[len(root):] in _DEMONYM_ENDINGS:
            return True
    return False


class Gate:
    """Answerability from evidence, with words matched by meaning as well as by stem."""

    def __init__(self, scorer: EvidenceScorer):
        self.scorer = scorer

    def judge(self, question: str, evidence: list[Evidence], keywords: KeywordIndex) -> Verdict:
        """Whether the evidence answers the question, and why not if it does not."""
        if is_instruction(question):
            return Verdict(False, "instruction")
        if not evidence:
            return Verdict(False, "no_evidence")
        window = " ".join(e.sentence.text for e in evidence[:WINDOW])
        relevance = max(e.dense for e in evidence)
        coverage = self.coverage(question, window, keywords)
        if relevance < RELEVANCE_MIN:
            return Verdict(False, "off_topic", relevance, coverage)
        best = " ".join(e.sentence.text for e in evidence[:NAME_WINDOW])
        if self.missing_names(question, best):
            return Verdict(False, "missing_name", relevance, coverage)
        if relevance + COVERAGE_WEIGHT * coverage < SUPPORT_MIN:
            return Verdict(False, "weak_support", relevance, coverage)
        if not all(self.matched(slot_words(question), best)):
            return Verdict(False, "missing_slot", relevance, coverage)
        if not self.actor_leads(question, evidence[0].sentence.text):
            return Verdict(False, "other_actor", relevance, coverage)
        if not self.event_named(question, evidence[0].sentence.text):
            return Verdict(False, "other_event", relevance, coverage)
        if not self.speaker_attributed(question, [e.sentence.text for e in evidence[:WINDOW]]):
            return Verdict(False, "no_statement", relevance, coverage)
        if not self.answer_type_present(question, best):
            return Verdict(False, "answer_type", relevance, coverage)
        return Verdict(True, "ok", relevance, coverage)

    def matched(self, wanted: list[str], text: str, threshold: float = WORD_MATCH) -> list[bool]:
        """For each wanted word, whether text holds it by stem or by a word close in meaning."""
        present = {stem(w): w for w in content_words(text)}
        result = [stem(w) in present for w in wanted]
        unmatched = [w for w, ok in zip(wanted, result) if not ok]
        if unmatched and present:
            similar = self.scorer.vectors(unmatched) @ self.scorer.vectors(list(present.values())).T
            best = dict(zip(unmatched, np.max(similar, axis=1)))
            result = [ok or best[w] >= threshold for w, ok in zip(wanted, result)]
        return result

    def coverage(self, question: str, window: str, keywords: KeywordIndex) -> float:
        """IDF-weighted share of the question's focus words that the evidence window holds."""
        wanted = [w for w in words(question) if stem(w) in set(focus_terms(question))]
        wanted = list(dict.fromkeys(wanted)) or list(dict.fromkeys(words(question)))
        if not wanted:
            return 0.0
        weights = [keywords.idf(stem(w)) for w in wanted]
        found = self.matched(wanted, window)
        return sum(w for w, ok in zip(weights, found) if ok) / sum(weights)

    def missing_names(self, question: str, window: str) -> bool:
        """True when the question names something (a name, a number) the evidence never does."""
        names = question_names(question)
        if not names:
            return False
        held = set(terms(window)) | numbers(window)
        missing = [n for n in names if n not in held and not any(_same_root(n, h) for h in held)]
        return bool(missing) and not all(self.matched(missing, window, NAME_MATCH))

    def actor_leads(self, question: str, sentence: str) -> bool:
        """For "why/how did X do Y", X must be in the best evidence before what it did to Y.

        This catches premises the text contradicts by swapping who acted: the bridge was
        destroyed by the Russian military, so "why did the rebels blow it up" is not answered.
        """
        match = _ACTOR.match(question)
        if match is None:
            return True
        asked = content_words(match.group(1))
        if len(asked) < 2:
            return True
        tokens = content_words(sentence)
        found = self.matched_at(asked[0], tokens)
        rest = [i for i, t in enumerate(tokens) if stem(t) in {stem(w) for w in asked[1:]}]
        return found is not None and (not rest or found < max(rest))

    def event_named(self, question: str, sentence: str) -> bool:
        """For "why/how did X do Y to Z", the one sentence telling the event names all of it.

        The names may be spread over the best evidence for other questions, but an event's
        places and people are part of the claim: the curfew was lifted in Aleppo, so "why did
        the rebels impose a curfew on Homs" is not answered by a sentence about Aleppo.
        """
        return _ACTOR.match(question) is None or not self.missing_names(question, sentence)

    def speaker_attributed(self, question: str, sentences: list[str]) -> bool:
        """For "what did X say about Y", some evidence sentence must attribute a statement to X."""
        match = _SPEAKER.match(question)
        if match is None:
            return True
        speaker = content_words(match.group(1))
        for sentence in sentences:
            if _ATTRIBUTION.search(sentence):
                tokens = content_words(sentence)
                if all(self.matched_at(word, tokens) is not None for word in speaker):
                    return True
        return False

    def matched_at(self, word: str, tokens: list[str]) -> int | None:
        """Position of the first token that is word, its demonym, or close to it in meaning."""
        for i, token in enumerate(tokens):
            if stem(token) == stem(word) or _same_root(stem(word), stem(token)):
                return i
        if not tokens:
            return None
        similar = self.scorer.vectors(tokens) @ self.scorer.vectors([word])[0]
        close = [i for i, value in enumerate(similar) if value >= WORD_MATCH]
        return close[0] if close else None

    @staticmethod
    def answer_type_present(question: str, best: str) -> bool:
        """A question after a number, a time or a person needs one in its best evidence."""
        if _WANTS_QUANTITY.search(question):
            return _QUANTITY.search(best) is not None
        if _WANTS_DATE.search(question):
            return _CALENDAR.search(best) is not None
        if _WANTS_TIME.search(question):
            return _TIME.search(best) is not None
        if _WANTS_NAME.search(question):
            return re.search(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+", best) is not None
        return True
