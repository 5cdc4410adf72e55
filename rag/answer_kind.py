"""What kind of thing a question asks for, and whether a sentence holds a new one.

A sentence that restates the question ("the questionnaire covers five nationalities") shares most of
its words but answers nothing; the sentence that answers holds the thing asked for: a number for
"how many" or "what fraction", a date for "when", a name the question does not already give for
"who", "where" or "which asteroid". Cheap patterns on the surface text, no parse: a question may
have dozens of candidate sentences.
"""

from __future__ import annotations

import re

from rag.text import QUESTION_WORDS, STOPWORDS, stem, words

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?"
    r"|thousands?|millions?|billions?|dozens?|half|quarter|third"
)
_QUANTITY = re.compile(rf"(?<![A-Za-z])\d[\d,.]*|\b({_NUMBER_WORDS})\b", re.IGNORECASE)
_CALENDAR = re.compile(
    r"\b(\d{4}|\d{1,2}(st|nd|rd|th)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january"
    r"|february|march|april|may|june|july|august|september|october|november|december|yesterday"
    r"|today|tomorrow)\b",
    re.IGNORECASE,
)
# A capitalised word: a name, unless it is a function word opening the sentence ("The", "However").
_NAME = re.compile(r"\b[A-Z][\w’'\-]*")
# (what the question's wording asks for, the kind)
_FORMS = (
    (re.compile(r"\bhow (many|much|long|far|old|large|big|tall|high|deep|wide|heavy|often)\b"
                r"|\b(what|which) (number|percentage|percent|share|fraction|proportion|amount|level"
                r"|rate|price|cost|total|figure|score|size|age)\b", re.I), "number"),
    (re.compile(r"\b(what|which) (year|date|day|month)\b|^\s*(when|since when)\b|\bwhat time\b", re.I), "date"),
    (re.compile(r"^\s*(who|whom|whose)\b|\bwho\b|^\s*where\b"
                r"|\b(which|what) (\w+ )?(person|man|woman|company|country|city|town|road|street|team"
                r"|journal|newspaper|organi[sz]ation|agency|group|party|club|firm|place|region|state"
                r"|nation|nationalit(y|ies)|countries|asteroid|planet|ship|island|river|brand)\b", re.I),
     "name"),
    (re.compile(r"^\s*why\b|\bwhat (caused|led to|made|prompted|triggered|sparked|drove|motivated)\b"
                r"|\bfor what reason\b", re.I), "reason"),
)
# Capitalised only because they open a sentence or a clause.
_OPENERS = frozenset("however meanwhile but and yet also still although though while since despite "
                     "yesterday today".split())
# A reason is given by its connective: "due to", "led to", "in order to", "forced to". The function
# words "because", "so" and "after" are stopwords, never counted as a new thing (on the dev split,
# counting them changed no answer's facts).
_REASON = re.compile(
    r"\b(since|as a result|due to|owing to|thanks to|led to|leads? to|lead to|caused?|causes|so that"
    r"|in order to|forced to|therefore|thus|hence|reasons?|blamed|result(?:ed|s)? (?:in|from)"
    r"|prompted|triggered|sparked|following)\b",
    re.IGNORECASE,
)
_PATTERNS = {"number": _QUANTITY, "date": _CALENDAR, "name": _NAME, "reason": _REASON}


def wanted(question: str) -> str | None:
    """'number', 'date', 'name' or 'reason' when the question's wording asks for one; None otherwise."""
    for form, kind in _FORMS:
        if form.search(question):
            return kind
    return None


def holds_new(kind: str | None, question: str, sentence: str) -> bool:
    """True when the sentence holds a thing of the wanted kind that the question does not already give."""
    if kind is None:
        return False
    given = {stem(w) for w in words(question)}
    return any(stem(token) not in given and token.lower() not in STOPWORDS and token.lower() not in _OPENERS
               for token in (m.group(0) for m in _PATTERNS[kind].finditer(sentence)))


_CAPITALISED = re.compile(r"\b[A-Z][\w’'\-]*")


def new_particulars(sentence: str, other: str) -> bool:
    """True when the sentence names a name or number that the other never mentions: "Lukaku won
    the award" repeats the words of "Kane won the award" but not its fact."""
    seen = {stem(w) for w in words(other)}
    found = [m.group(0) for m in _CAPITALISED.finditer(sentence)] + [m.group(0) for m in _QUANTITY.finditer(sentence)]
    return any(stem(token) not in seen and token.lower() not in STOPWORDS for token in found)


# "How many schoolchildren were surveyed?": the noun counted.
_NUMBER_OR_WORD = re.compile(r"\d[\d,.]*\d|[\w’'\-]+")
_COUNTED = re.compile(r"\bhow many\s+(?:of\s+(?:the\s+)?)?([a-z]+)\b", re.I)


def counts_asked(question: str, sentence: str) -> bool:
    """True when the sentence puts a number on the very noun a "how many" question counts: "a survey
    of 1709 schoolchildren", "with over 40,000 inhabitants"."""
    match = _COUNTED.search(question)
    if match is None or match.group(1).lower() in STOPWORDS:
        return False
    noun = stem(match.group(1))
    tokens = _NUMBER_OR_WORD.findall(sentence)
    return any(_QUANTITY.fullmatch(tokens[i]) and stem(tokens[i + 1]) == noun for i in range(len(tokens) - 1))


_HEAD = re.compile(rf"\b(?:which|what)\s+((?:{_NUMBER_WORDS}|\d+)\s+)?([a-z]+)\b", re.I)
_NAME_LIST = re.compile(r"\b[A-Z][\w’'\-]*(?:,\s+[A-Z][\w’'\-]*)+,?\s+(?:and|or)\s+[A-Z]")
_TOKEN = re.compile(r"[\w’'\-]+")


def head_noun(question: str) -> tuple[str, bool] | None:
    """The noun a "which"/"what" question asks to name ("which asteroid", "what five nationalities"),
    stemmed, and whether it asks for several; None when the question has no such noun."""
    match = _HEAD.search(question)
    if match is None or match.group(2).lower() in STOPWORDS | QUESTION_WORDS:
        return None
    noun = match.group(2).lower()
    return stem(noun), bool(match.group(1)) or (noun.endswith("s") and not noun.endswith("ss"))


def names_the_head(question: str, sentence: str) -> bool:
    """True when the sentence gives a new name beside the noun the question asks about
    ("the asteroid Bennu", "Castlefrank Road", "the city of Homs"), or, for a question after
    several ("which five nationalities"), lists names ("Afghanistan, Eritrea and Libya")."""
    head = head_noun(question)
    if head is None:
        return False
    noun, several = head
    given = {stem(w) for w in words(question)}
    tokens = _TOKEN.findall(sentence)
    for i, token in enumerate(tokens):
        if stem(token) != noun:
            continue
        after = i + 2 if tokens[i + 1:i + 2] == ["of"] else i + 1  # "the city of Homs"
        beside = tokens[max(i - 1, 0):i] + tokens[after:after + 1]
        if any(t[0].isupper() and stem(t) not in given and t.lower() not in STOPWORDS for t in beside):
            return True
    return several and _NAME_LIST.search(sentence) is not None
