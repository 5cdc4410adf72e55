"""Vectors recycled from a real index, for corpus sizes too costly to embed on a small machine.

Embedding 100k chunks with MiniLM takes about half an hour on two idle cores, and hours on a busy
one. Retrieval latency at that size depends on the store (HNSW search, the keyword index, fetching
the chunks) and on the question's own embedding, not on which real vectors the chunks carry. So the
chunks beyond the largest really embedded index get vectors recycled from it: each text picks a
stored vector by a stable hash of its words and adds a little seeded noise, so no two chunks share a
point. Everything else is the real `update_index` path: chunking, batched Chroma writes, the keyword
index. Questions are still embedded by the real model. Quality figures never come from such an index.
"""

from __future__ import annotations

import hashlib

import numpy as np

NOISE = 0.05


class RecycledEmbedder:
    """get_text_embedding_batch() from another index's stored vectors (a Chroma collection); no model."""

    def __init__(self, collection, page: int = 5000):
        total = collection.count()
        pages = [np.asarray(collection.get(include=["embeddings"], limit=page, offset=offset)["embeddings"])
                 for offset in range(0, total, page)]
        if not pages:
            raise ValueError(f"the collection {collection.name} holds no vectors to recycle")
        self.vectors = np.concatenate(pages).astype(np.float32)

    def get_text_embedding_batch(self, texts: list[str], **_) -> list[list[float]]:
        return [self._vector(text) for text in texts]

    def _vector(self, text: str) -> list[float]:
        seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
        noise = np.random.default_rng(seed).standard_normal(self.vectors.shape[1]).astype(np.float32)
        vector = self.vectors[seed % len(self.vectors)] + NOISE * noise / np.sqrt(self.vectors.shape[1])
        return (vector / np.linalg.norm(vector)).tolist()
