"""Verify a drafted answer sentence by sentence against the evidence, and number its citations.

A sentence survives only if evidence supports it: the sentences it cites when they do, otherwise
the best-supporting evidence sentence, re-attached. Unsupported sentences are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.sentences import sentences
from rag.answer import Citation
from rag.evidence import Evidence, EvidenceScorer
from rag.markers import DRAFT_MARKER as MARKER
from rag.text import numbers, proper_names, terms

CONTAINMENT_MIN = 0.7  # share of a claim's content words that the evidence must hold
SIMILARITY_MIN = 0.6  # cosine between claim and evidence
MIN_CLAIM_WORDS = 3
# Markers written after the full stop ("… so far. [1] Next …") belong to the sentence before it.
_MARKERS_AFTER_STOP = re.compile(rf"([.!?…]+)((?:{MARKER.pattern})+)")
_LABEL = re.compile(r"^\s*(answer|response|a)\s*:\s*", re.IGNORECASE)
# Questions, echoed prompt labels and source headers assert nothing, whatever words they share.
_NOT_A_CLAIM = re.compile(r"\?\s*$|^\s*(question|q|source|sources|context)\s*\d*\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer and the evidence (by list index) that supports it."""

    text: str
    supports: tuple[int, ...]


def split_claims(draft: str) -> list[tuple[str, list[int]]]:
    """Sentences of a draft with the marker numbers each carries; markers removed from the text."""
    found = []
    draft = _MARKERS_AFTER_STOP.sub(lambda m: m.group(2) + m.group(1), draft)
    for start, end in sentences(draft):
        sentence = draft[start:end]
        cited = [int(n) for group in MARKER.findall(sentence) for n in group.split(",")]
        text = _LABEL.sub("", MARKER.sub("", sentence)).strip()
        if _NOT_A_CLAIM.search(text):
            continue
        if len(text.split()) >= MIN_CLAIM_WORDS:
            found.append((text, cited))
    return found


def containment(claim: str, evidence: str) -> float:
    """Share of the claim's content words found in the evidence."""
    claimed = set(terms(claim))
    return len(claimed & set(terms(evidence))) / len(claimed) if claimed else 0.0


class Verifier:
    """Keeps what the evidence supports; the support test needs words, names, numbers and meaning."""

    def __init__(self, scorer: EvidenceScorer):
        self.scorer = scorer

    def supports(self, claim: str, evidence: list[Evidence]) -> list[bool]:
        """For each evidence sentence, whether it alone supports the claim."""
        texts = [e.sentence.text for e in evidence]
        cosine = self.scorer.vectors(texts) @ self.scorer.vectors([claim])[0]
        return [
            numbers(claim) <= numbers(text)
            and proper_names(claim) <= set(terms(text))
            and containment(claim, text) >= CONTAINMENT_MIN
            and float(similarity) >= SIMILARITY_MIN
            for text, similarity in zip(texts, cosine)
        ]

    def verify(self, draft: str, evidence: list[Evidence]) -> list[Claim]:
        """The draft's supported sentences, each tied to the evidence that supports it."""
        if not evidence:
            return []
        claims = []
        for text, cited in split_claims(draft):
            ok = self.supports(text, evidence)
            kept = tuple(n - 1 for n in dict.fromkeys(cited) if 1 <= n <= len(evidence) and ok[n - 1])
            if not kept and any(ok):
                kept = (int(np.argmax([e.score if s else -1.0 for e, s in zip(evidence, ok)])),)
            if kept and text not in {c.text for c in claims}:
                claims.append(Claim(text, kept))
        return claims


def render(claims: list[Claim], evidence: list[Evidence]) -> tuple[str, list[Citation]]:
    """Answer text with [n] markers, numbered 1..k by first use, and the cited passages."""
    numbering: dict[int, int] = {}
    parts = []
    for claim in claims:
        for index in claim.supports:
            numbering.setdefault(index, len(numbering) + 1)
        markers = "".join(f"[{numbering[i]}]" for i in claim.supports)
        parts.append(_with_markers(claim.text, markers))
    citations = [
        Citation(
            n=n,
            source=evidence[i].sentence.source,
            text=evidence[i].sentence.text,
            start=evidence[i].sentence.start,
            end=evidence[i].sentence.end,
            score=evidence[i].score,
        )
        for i, n in numbering.items()
    ]
    return " ".join(parts), citations


def _with_markers(text: str, markers: str) -> str:
    # "… the coast [1]." but '… saying: "Your time has come." [2]': never inside a quotation.
    match = re.search(r"[.!?…]+$", text)
    if match is not None:
        return f"{text[:match.start()]} {markers}{text[match.start():]}"
    if text[-1] in "\"'’”)]":
        return f"{text} {markers}"
    return f"{text} {markers}."
