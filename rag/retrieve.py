"""Hybrid retrieval: dense vectors from Chroma and BM25 keywords, fused by reciprocal rank."""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass

from index.chunking import Chunk
from index.store import ChunkStore
from rag.text import terms

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


class KeywordIndex:
    """BM25 over the stored chunks, plus the document frequencies the gate weighs terms by."""

    def __init__(self, chunks: list[Chunk]):
        import bm25s

        self.chunks = chunks
        tokens = [terms(f"{c.section} {c.text}") or ["_"] for c in chunks]
        self.document_frequency = Counter(t for doc in tokens for t in set(doc))
        self._bm25 = bm25s.BM25()
        if chunks:
            self._bm25.index(tokens, show_progress=False)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; unseen terms weigh the most."""
        n = len(self.chunks)
        return math.log(1 + (n + 1) / (self.document_frequency.get(term, 0) + 0.5))

    def __contains__(self, term: str) -> bool:
        return term in self.document_frequency

    def search(self, question: str, k: int) -> list[tuple[Chunk, float]]:
        """Chunks ranked by BM25 for the question's terms; only those that match at all."""
        query = [t for t in terms(question) if t in self.document_frequency]
        if not query or not self.chunks:
            return []
        ids, scores = self._bm25.retrieve([query], k=min(k, len(self.chunks)), show_progress=False)
        return [(self.chunks[i], float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]


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

    def __init__(self, store: ChunkStore, embedder, top_k: int = 6):
        self.store = store
        self.embedder = embedder
        self.top_k = top_k
        self._keywords: KeywordIndex | None = None
        self._generation: str | None = None
        self._lock = threading.Lock()

    def keyword_index(self) -> KeywordIndex:
        """The BM25 index, rebuilt from the store whenever the store has changed."""
        with self._lock:
            generation = self.store.generation()
            if self._keywords is None or generation != self._generation:
                self._keywords = KeywordIndex(self.store.chunks())
                self._generation = generation
            return self._keywords

    def retrieve(self, question: str, top_k: int | None = None) -> list[Passage]:
        """The top_k passages for a question, best first, without nested duplicates."""
        top_k = top_k or self.top_k
        pool = top_k * 2
        dense = self.store.query(self.embedder.get_query_embedding(question), pool)
        keyword = self.keyword_index().search(question, pool)
        fused = fuse([[c for c, _ in dense], [c for c, _ in keyword]])
        kept: list[Passage] = []
        for chunk, score in fused:
            if not _contained(chunk, kept):
                kept.append(Passage(chunk, score))
            if len(kept) == top_k:
                break
        return kept
