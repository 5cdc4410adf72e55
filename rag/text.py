"""Word-level helpers shared by retrieval, evidence scoring, the gate and citation checks."""

from __future__ import annotations

import re
from functools import lru_cache

# Letters of any alphabet: "Ichiyō" and "Évariste" are words, not "ichiy" and "variste".
_WORD = re.compile(r"[^\W_][\w'’\-]*")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves s t don shall may might must
    whose according said says say tell told let us please explain describe give know""".split()
)
# Question scaffolding: words that say what kind of answer is wanted, not what it is about.
QUESTION_WORDS = frozenset(
    """happen happened happening mean means meant significance significant important importance
    reason reasons role main kind type many much long often did does do doing done going
    thing things""".split()
)


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter stem of a lowercase word, with possessives and hyphens folded."""
    word = word.lower().replace("’", "'").removesuffix("'s").strip("'-")
    return _stemmer().stem(word)


def words(text: str) -> list[str]:
    """Lowercase word tokens."""
    return [w.lower().replace("’", "'").removesuffix("'s").strip("'-") for w in _WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """Lowercase words that carry content: no stopwords, no one-letter tokens."""
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


def terms(text: str) -> list[str]:
    """Stemmed content words."""
    return [stem(w) for w in content_words(text)]


def focus_terms(text: str) -> list[str]:
    """Content words of a question that say what it is about, without question scaffolding."""
    return [stem(w) for w in content_words(text) if w not in QUESTION_WORDS]


def numbers(text: str) -> set[str]:
    """The numbers written in a text, normalised (commas dropped, trailing dots removed)."""
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def proper_names(text: str) -> set[str]:
    """Stems of capitalised words that are not sentence-initial: the names a text mentions."""
    names = set()
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        tokens = _WORD.findall(sentence)
        for token in tokens[1:]:
            if token[0].isupper() and token.lower() not in STOPWORDS:
                names.add(stem(token))
    return names
