"""Hybrid retrieval: dense vectors from Chroma and BM25 keywords, fused by reciprocal rank."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from index.chunking import Chunk
from index.store import ChunkStore
from rag.keywords import KeywordIndex, load_or_build

__all__ = ["HybridRetriever", "KeywordIndex", "Passage", "fuse"]

RRF_K = 60  # the constant from Cormack et al.; dampens the weight of top ranks


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score."""

    chunk: Chunk
    score: float

    def to_dict(self) -> dict:
        c = self.chunk
        return {"source": c.source, "start": c.start, "end": c.end, "text": c.text,
                "score": round(self.score, 4)}


def fuse(rankings: list[list[Chunk]], k: int = RRF_K) -> list[tuple[Chunk, float]]:
    """Reciprocal rank fusion of several rankings of chunks."""
    scores: dict[str, float] = {}
    by_id: dict[str, Chunk] = {}
    for ranking in rankings:
        for rank, chunk in enumerate(ranking, start=1):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + 1.0 / (k + rank)
            by_id[chunk.id] = chunk
    return sorted(((by_id[i], s) for i, s in scores.items()), key=lambda item: -item[1])


def _contained(chunk: Chunk, kept: list[Passage]) -> bool:
    return any(
        p.chunk.source == chunk.source and p.chunk.start <= chunk.start and chunk.end <= p.chunk.end
        for p in kept
    )


class HybridRetriever:
    """Dense and keyword retrieval over one store; the keyword index follows the store."""

    def __init__(self, store: ChunkStore, embedder, top_k: int = 6, keyword_cache: Path | None = None):
        self.store = store
        self.embedder = embedder
        self.top_k = top_k
        self.keyword_cache = keyword_cache
        self._keywords: KeywordIndex | None = None
        self._generation: str | None = None
        self._lock = threading.Lock()

    def keyword_index(self) -> KeywordIndex:
        """The BM25 index for the store as it is now: kept while the store is unchanged, else
        loaded from the saved copy of this generation, else rebuilt from the store (and saved)."""
        with self._lock:
            generation = self.store.generation()
            if self._keywords is None or generation != self._generation:
                self._keywords = self._load_or_build(generation)
                self._generation = generation
            return self._keywords

    def _load_or_build(self, generation: str) -> KeywordIndex:
        return load_or_build(self.store, self.keyword_cache, generation)

    def retrieve(self, question: str, top_k: int | None = None, parts: list[str] | None = None) -> list[Passage]:
        """The top_k passages for a question, best first, without nested duplicates.

        A question in several ``parts`` ("which bridge fell near Homs, and which town was evacuated
        in Korea?") is also searched part by part, and each part's best passage is kept first: the
        whole question's wording favours one part's document and may leave the other's out.
        """
        top_k = top_k or self.top_k
        fused = self._ranked(question, top_k)
        if parts and len(parts) > 1:
            rankings = [self._ranked(part, top_k) for part in parts]
            fused = [ranking[0] for ranking in rankings if ranking] + fused
        kept: list[Passage] = []
        for chunk, score in fused:
            if not _contained(chunk, kept):
                kept.append(Passage(chunk, score))
            if len(kept) == top_k:
                break
        return kept

    def _ranked(self, question: str, top_k: int) -> list[tuple[Chunk, float]]:
        pool = top_k * 2
        dense = self.store.query(self.embedder.get_query_embedding(question), pool)
        keyword = self.keyword_index().search(question, pool)
        return fuse([[c for c, _ in dense], [c for c, _ in keyword]])
