"""The extractive answer: the best evidence sentences, quoted and cited."""

from __future__ import annotations

from rag.citations import Claim
from rag.evidence import Evidence

MAX_SENTENCES = 3
KEEP_RATIO = 0.8  # a further sentence must score at least this share of the best one


def extract(evidence: list[Evidence]) -> list[Claim]:
    """Claims quoting the strongest evidence sentences, each citing itself."""
    if not evidence:
        return []
    best = evidence[0].score
    chosen = [0] + [
        i for i, e in enumerate(evidence[1:], start=1) if e.score >= KEEP_RATIO * best
    ][: MAX_SENTENCES - 1]
    return [Claim(evidence[i].sentence.text, (i,)) for i in chosen]
