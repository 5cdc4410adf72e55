"""The keyword side of retrieval: BM25 over the stored chunks, kept on disk beside the index.

Building BM25 needs every chunk's text, which at 100k chunks means reading the whole store back.
So the index is saved once per store generation and later processes load it instead: loading is
a few arrays and two JSON files, and the texts of the hits are fetched from the store per query.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from index.chunking import Chunk
from rag.text import terms

# Bump when the tokens or the saved layout change, so older caches are rebuilt, not misread.
FORMAT = 2  # 2: terms in any alphabet ("ichiyō"), not only ASCII letters
_META = "meta.json"


class KeywordIndex:
    """BM25 over the stored chunks, plus the document frequencies the gate weighs terms by."""

    def __init__(self, chunks: list[Chunk]):
        import bm25s

        by_id = {chunk.id: chunk for chunk in chunks}
        self.ids = [chunk.id for chunk in chunks]
        self._lookup: Callable[[list[str]], list[Chunk]] = lambda ids: [by_id[i] for i in ids]
        tokens = [terms(f"{c.section} {c.text}") or ["_"] for c in chunks]
        self.document_frequency: dict[str, int] = Counter(t for doc in tokens for t in set(doc))
        self._bm25 = bm25s.BM25()
        if chunks:
            self._bm25.index(tokens, show_progress=False)

    @property
    def size(self) -> int:
        """How many chunks the index covers."""
        return len(self.ids)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; unseen terms weigh the most."""
        return math.log(1 + (self.size + 1) / (self.document_frequency.get(term, 0) + 0.5))

    def __contains__(self, term: str) -> bool:
        return term in self.document_frequency

    def search(self, question: str, k: int) -> list[tuple[Chunk, float]]:
        """Chunks ranked by BM25 for the question's terms; only those that match at all."""
        query = [t for t in terms(question) if t in self.document_frequency]
        if not query or not self.ids:
            return []
        found, scores = self._bm25.retrieve([query], k=min(k, self.size), show_progress=False)
        hits = [(self.ids[i], float(s)) for i, s in zip(found[0], scores[0]) if s > 0]
        chunks = {chunk.id: chunk for chunk in self._lookup([i for i, _ in hits])}
        return [(chunks[i], s) for i, s in hits if i in chunks]

    def save(self, folder: Path, generation: str) -> None:
        """Write the index for this store generation; readers never see a half-written one."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.with_name(f"{folder.name}.tmp-{uuid.uuid4().hex[:8]}")
        try:
            staging.mkdir()
            if self.ids:
                self._bm25.save(str(staging / "bm25"), show_progress=False)
            (staging / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
            (staging / "df.json").write_text(json.dumps(self.document_frequency), encoding="utf-8")
            meta = {"format": FORMAT, "generation": generation, "chunks": self.size}
            (staging / _META).write_text(json.dumps(meta), encoding="utf-8")
            _swap_in(staging, folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    @classmethod
    def load(
        cls, folder: Path, generation: str, lookup: Callable[[list[str]], list[Chunk]]
    ) -> KeywordIndex | None:
        """The saved index if it was made for this generation; None when missing, stale or corrupt."""
        meta = _meta(folder)
        if meta is None or meta.get("generation") != generation:
            return None
        try:
            return cls._read(folder, meta["chunks"], lookup)
        except Exception:  # noqa: BLE001 - any damage to a cache means: rebuild it
            return None

    @classmethod
    def _read(cls, folder: Path, chunks: int, lookup) -> KeywordIndex | None:
        import bm25s

        index = cls.__new__(cls)
        index.ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        index.document_frequency = json.loads((folder / "df.json").read_text(encoding="utf-8"))
        if not isinstance(index.ids, list) or len(index.ids) != chunks:
            return None
        if not isinstance(index.document_frequency, dict):
            return None
        index._lookup = lookup
        index._bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False) if chunks else None
        return index


def load_or_build(store, folder: Path | None, generation: str) -> KeywordIndex:
    """The keyword index of a store at this generation: the saved one, else built (and saved)."""
    if folder is not None:
        saved = KeywordIndex.load(folder, generation, store.get)
        if saved is not None:
            return saved
    built = KeywordIndex(store.chunks())
    if folder is not None:
        try:
            built.save(folder, generation)
        except OSError:
            pass  # a read-only place only costs the next process a rebuild
    return built


def refresh(store, folder: Path) -> None:
    """Save the keyword index of the store as it is now, unless the saved one is already current."""
    generation = store.generation()
    if saved_generation(folder) != generation:
        load_or_build(store, None, generation).save(folder, generation)


def saved_generation(folder: Path) -> str | None:
    """The store generation a saved index was built for, or None when there is none to trust."""
    meta = _meta(folder)
    return None if meta is None else meta.get("generation")


def _meta(folder: Path) -> dict | None:
    try:
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        return None
    return meta


def _swap_in(staging: Path, folder: Path) -> None:
    # A directory cannot replace a non-empty one in one rename, so the old one steps aside first.
    retired = folder.with_name(f"{folder.name}.old-{uuid.uuid4().hex[:8]}")
    if folder.exists():
        os.replace(folder, retired)
    os.replace(staging, folder)
    shutil.rmtree(retired, ignore_errors=True)


def keyword_cache(settings, store) -> Path:
    """Where a store's keyword index is saved: inside the embedded index folder; for a Chroma
    server, a local cache in the index folder named after the collection's id (a UUID), so the
    same collection served on another port reuses it and two collections never share one."""
    if not settings.chroma_url:
        return settings.index_dir / "keywords"
    return settings.index_dir / f"keywords-server-{store.collection.id}"
