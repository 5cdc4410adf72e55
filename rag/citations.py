"""Verify a drafted answer sentence by sentence against the evidence, and number its citations.

A sentence survives only if one evidence sentence supports it by meaning (rag/entailment.py): the
sentences it cites when they do, otherwise the best-supporting evidence sentence, re-attached.
Unsupported sentences, and distortions of supported ones, are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.sentences import sentences
from rag.answer import AnswerSentence, Citation
from rag.entailment import Entailment, Judgement
from rag.evidence import Evidence, EvidenceScorer
from rag.markers import DRAFT_MARKER as MARKER
from rag.text import terms

# Cosine between claim and evidence: a sentence about something else supports nothing. The
# meaning checks decide the rest, so this only has to keep unrelated sentences out.
SIMILARITY_MIN = 0.5
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
    """Keeps what the evidence supports: close in meaning, and entailed word by word (rag/entailment.py)."""

    def __init__(self, scorer: EvidenceScorer, similarity_min: float = SIMILARITY_MIN):
        self.scorer = scorer
        self.similarity_min = similarity_min
        self.entailment = Entailment(self.similar)

    def similar(self, these: list[str], those: list[str]) -> np.ndarray:
        """Cosines between two lists of texts (words or sentences)."""
        return self.scorer.vectors(these) @ self.scorer.vectors(those).T

    def judge(self, claim: str, sentence: str, context: str = "") -> Judgement:
        """Whether one sentence supports the claim, and the distortion found when it does not.
        ``context``, the text before the sentence, only says who its pronouns stand for."""
        similarity = float(self.similar([claim], [sentence])[0, 0])
        if similarity < self.similarity_min:
            return Judgement(False, "unrelated", f"similarity {similarity:.2f}")
        return self.entailment.judge(claim, sentence, context)

    def supports(self, claim: str, evidence: list[Evidence]) -> list[bool]:
        """For each evidence sentence, whether it alone supports the claim (with the sentence before
        it to say who its pronouns stand for)."""
        return [self.judge(claim, e.sentence.text, e.sentence.before).supported for e in evidence]

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


def render(claims: list[Claim], evidence: list[Evidence]) -> tuple[str, list[Citation], list[AnswerSentence]]:
    """Answer text with [n] markers numbered 1..k by first use, its citations, and its sentences."""
    numbering: dict[int, int] = {}
    sentences = []
    for claim in claims:
        for index in claim.supports:
            numbering.setdefault(index, len(numbering) + 1)
        numbers = tuple(numbering[i] for i in claim.supports)
        markers = "".join(f"[{n}]" for n in numbers)
        # A quoted source may carry its own footnote marks ("… influences. [1]"): in the answer
        # they would read as our citations, so only the citation keeps them.
        sentences.append(AnswerSentence(_with_markers(MARKER.sub("", claim.text).strip(), markers), numbers))
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
    return " ".join(sentence.text for sentence in sentences), citations, sentences


def _with_markers(text: str, markers: str) -> str:
    # "… the coast [1]." but '… saying: "Your time has come." [2]': never inside a quotation.
    match = re.search(r"[.!?…]+$", text)
    if match is not None:
        return f"{text[:match.start()]} {markers}{text[match.start():]}"
    if text[-1] in "\"'’”)]":
        return f"{text} {markers}"
    return f"{text} {markers}."
