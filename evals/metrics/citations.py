"""ALCE-style citation quality, plus exactness and marker checks, over the Answer JSON.

Recall: share of answer sentences whose cited passages, joined, support the sentence.
Precision: share of citations that are needed. As in ALCE, a citation on an unsupported
sentence is irrelevant, and on a supported sentence with several citations a citation is
irrelevant when it alone does not support the sentence AND the others still do without it.
Refused answers make no claims, so every citation metric is None (n/a) for them.
"""

from __future__ import annotations

from collections.abc import Callable

from evals.metrics.base import Metric
from evals.metrics.sentences import Sentence, split_sentences
from evals.metrics.support import supports
from evals.metrics.text import markers

CITATION_RECALL = Metric("citation_recall", True, "answer sentences their citations support", per_case=True)
CITATION_PRECISION = Metric("citation_precision", True, "citations that support their sentence", per_case=True)
CITATION_EXACTNESS = Metric("citation_exactness", True, "citations whose text is the source sliced at their "
                            "offsets", per_case=True)
MARKER_VALIDITY = Metric("marker_validity", True, "[n] markers that name a citation", per_case=True)
SENTENCES_CITED = Metric("sentences_cited", True, "answer sentences that carry a marker", per_case=True)

Judge = Callable[[str, str], bool]  # (passage, claim) -> supported


def _passages(answer: dict) -> dict[int, str]:
    return {citation["n"]: citation["text"] for citation in answer.get("citations", [])}


def _claims(answer: dict) -> list[Sentence] | None:
    if answer.get("refused"):
        return None
    return split_sentences(answer.get("answer", "")) or None


def _joined(numbers, passages: dict[int, str]) -> str:
    # A marker naming no citation contributes no text: it cannot support anything.
    return "\n".join(passages.get(n, "") for n in numbers)


def sentence_supported(
    sentence: Sentence, passages: dict[int, str], judge: Judge = supports
) -> bool:
    """True when the sentence's cited passages, joined, support its claim."""
    return bool(sentence.cited) and judge(_joined(sentence.cited, passages), sentence.claim)


def relevant_citations(
    sentence: Sentence, passages: dict[int, str], judge: Judge = supports
) -> int:
    """How many of the sentence's citations are needed, by the ALCE rule."""
    if not sentence_supported(sentence, passages, judge):
        return 0
    if len(sentence.cited) == 1:
        return 1
    needed = 0
    for number in sentence.cited:
        rest = [other for other in sentence.cited if other != number]
        alone = judge(passages.get(number, ""), sentence.claim)
        needed += alone or not judge(_joined(rest, passages), sentence.claim)
    return needed


def citation_recall(answer: dict, judge: Judge = supports) -> float | None:
    """Share of answer sentences supported by their citations; None if refused or empty."""
    claims = _claims(answer)
    if claims is None:
        return None
    passages = _passages(answer)
    return sum(sentence_supported(s, passages, judge) for s in claims) / len(claims)


def citation_precision(answer: dict, judge: Judge = supports) -> float | None:
    """Share of citations (one per sentence that names it) that are needed; None if none."""
    claims = _claims(answer)
    total = sum(len(s.cited) for s in claims or [])
    if not total:
        return None
    passages = _passages(answer)
    return sum(relevant_citations(s, passages, judge) for s in claims) / total


def citation_exactness(answer: dict, documents: dict[str, str]) -> float | None:
    """Share of citations whose text equals document[start:end]; None without citations."""
    citations = answer.get("citations", [])
    if not citations:
        return None
    exact = sum(
        c["source"] in documents and documents[c["source"]][c["start"] : c["end"]] == c["text"]
        for c in citations
    )
    return exact / len(citations)


def marker_validity(answer: dict) -> float | None:
    """Share of [n] markers that name an existing citation; None without markers."""
    found = markers(answer.get("answer", ""))
    if not found:
        return None
    numbers = set(_passages(answer))
    return sum(n in numbers for n in found) / len(found)


def sentences_cited(answer: dict) -> float | None:
    """Share of answer sentences carrying at least one marker; None if refused or empty."""
    claims = _claims(answer)
    if claims is None:
        return None
    return sum(bool(s.cited) for s in claims) / len(claims)
