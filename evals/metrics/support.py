"""Does a passage support a claim? A lexical entailment heuristic for the citation metrics.

Deliberately independent of the answer chain's own verifier (stemmed overlap plus embedding
similarity): this judge uses exact numbers and names, unstemmed tokens with a small plural
normaliser, a negation check and ROUGE-L recall, so the two cannot share the same blind spots.
"""

from __future__ import annotations

import re

from evals.metrics.text import normalise

CONTENT_SHARE = 0.75  # share of the claim's content tokens that must occur in the passage
ROUGE_L_RECALL = 0.7  # or: share of the claim's tokens in one in-order run through the passage

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our out over own same she should
    so some such than that the their theirs them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you
    your yours according reportedly said says say saying per cent one's""".split()
)
NEGATIONS = frozenset({"not", "no", "never", "nor", "none", "cannot", "without", "neither"})
NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty
    fifty hundred thousand million billion dozen first second third fourth fifth half""".split()
)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NAME = re.compile(r"\b[A-Z][A-Za-z0-9'’-]*")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def singular(token: str) -> str:
    """A hand-written plural normaliser: cities -> city, forces -> force, boxes -> box."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Lowercase word tokens, possessives and n't split off, plurals normalised."""
    found = []
    for token in _TOKEN.findall(normalise(text).replace("n't", " not")):
        base = token[:-2] if token.endswith("'s") else token.replace("'", "")
        found.append(singular(base))
    return found


def content_tokens(text: str) -> list[str]:
    """Tokens that carry meaning: stopwords and negations removed."""
    return [token for token in tokens(text) if token not in STOPWORDS]


def numbers(text: str) -> set[str]:
    """Digit strings (separators dropped) and number words in the text."""
    digits = {match.replace(",", "") for match in _DIGITS.findall(text)}
    return digits | {token for token in tokens(text) if token in NUMBER_WORDS}


def names(text: str) -> set[str]:
    """Capitalised words, as tokens, that are not ordinary sentence-opening words."""
    found = set()
    for word in _NAME.findall(text):
        found.update(token for token in tokens(word) if token not in STOPWORDS)
    return found


def lcs_length(first: list[str], second: list[str]) -> int:
    """Length of the longest common subsequence of two token lists."""
    previous = [0] * (len(second) + 1)
    for item in first:
        current = [0]
        for index, other in enumerate(second):
            best = previous[index] + 1 if item == other else max(previous[index + 1], current[-1])
            current.append(best)
        previous = current
    return previous[-1]


def rouge_l_recall(claim: str, passage: str) -> float:
    """Share of the claim's tokens found, in order, in the passage."""
    claim_tokens = tokens(claim)
    if not claim_tokens:
        return 0.0
    return lcs_length(claim_tokens, tokens(passage)) / len(claim_tokens)


def content_share(claim: str, passage: str) -> float:
    """Share of the claim's content tokens that occur anywhere in the passage."""
    claim_tokens = content_tokens(claim)
    if not claim_tokens:
        return 0.0
    vocabulary = set(tokens(passage))
    return sum(token in vocabulary for token in claim_tokens) / len(claim_tokens)


def supports(passage: str, claim: str) -> bool:
    """True when the passage supports the claim: numbers, names and negation agree, and enough
    of the claim's wording is in the passage."""
    if not content_tokens(claim) or not passage.strip():
        return False
    vocabulary = set(tokens(passage))
    if not numbers(claim) <= numbers(passage) or not names(claim) <= vocabulary:
        return False
    if (set(tokens(claim)) & NEGATIONS) - vocabulary:
        return False
    return content_share(claim, passage) >= CONTENT_SHARE or (
        rouge_l_recall(claim, passage) >= ROUGE_L_RECALL
    )
