"""The Chroma store of chunks: embedded on disk, or a Chroma server when a URL is given."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from index.chunking import Chunk

COLLECTION = "documents"
_GENERATION = "generation"
_INDEXED_AT = "indexed_at"  # epoch seconds, per chunk; stores built before it have none
# Used when a client cannot say how many records one call may carry (old servers).
DEFAULT_MAX_BATCH = 5000


class StoreError(Exception):
    """The index cannot be opened or used; the message says what to do."""


@dataclass(frozen=True)
class DocumentState:
    """What the store holds for one source: per content hash, chunks present and expected."""

    hashes: dict[str, tuple[int, int]]

    def is_complete(self, content_hash: str) -> bool:
        present, expected = self.hashes.get(content_hash, (0, -1))
        return len(self.hashes) == 1 and present == expected


def _client(index_dir: Path, chroma_url: str | None):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        if not url.hostname:
            raise StoreError(f"RAG_CHROMA_URL is not a URL: {chroma_url!r}")
        port = url.port or (443 if url.scheme == "https" else 8000)
        try:
            return chromadb.HttpClient(
                host=url.hostname, port=port, ssl=url.scheme == "https", settings=settings
            )
        except Exception as error:  # chromadb raises bare ValueError/ConnectionError here
            raise StoreError(f"cannot reach the Chroma server at {chroma_url}: {error}") from error
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(index_dir), settings=settings)
    except OSError as error:
        raise StoreError(f"cannot open the index folder {index_dir}: {error}") from error


def _chunk(chunk_id: str, text: str, metadata: dict) -> Chunk:
    return Chunk(
        source=metadata["source"],
        start=int(metadata["start"]),
        end=int(metadata["end"]),
        text=text,
        section=metadata.get("section", ""),
        index=int(metadata["chunk_index"]),
        count=int(metadata["chunk_count"]),
        content_hash=metadata["content_hash"],
        title=metadata.get("title", ""),  # indexes built before titles were kept have none
    )


def _metadata(chunk: Chunk) -> dict:
    return {
        "source": chunk.source,
        "start": chunk.start,
        "end": chunk.end,
        "section": chunk.section,
        "chunk_index": chunk.index,
        "chunk_count": chunk.count,
        "content_hash": chunk.content_hash,
        "title": chunk.title,
    }


def _max_batch_size(client) -> int:
    try:
        return max(1, int(client.get_max_batch_size()))
    except Exception:  # noqa: BLE001 - an old server without the pre-flight endpoint
        return DEFAULT_MAX_BATCH


class ChunkStore:
    """Chunks, their vectors and texts in one Chroma collection."""

    def __init__(self, client, name: str = COLLECTION):
        # embedding_function=None: vectors always come from our embedder, and Chroma's
        # default ONNX function would try to download its model.
        self.collection = client.get_or_create_collection(
            name, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )
        self.max_batch = _max_batch_size(client)
        self._client = client

    @classmethod
    def open(cls, index_dir: Path, chroma_url: str | None = None) -> ChunkStore:
        """Open the embedded store at index_dir, or the Chroma server at chroma_url."""
        return cls(_client(index_dir, chroma_url))

    def count(self) -> int:
        return self.collection.count()

    def document_states(self) -> dict[str, DocumentState]:
        """For every source in the store, the chunks it holds per content hash."""
        found: dict[str, dict[str, list[int]]] = {}
        for _, metadata in self._pages(["metadatas"]):
            per_hash = found.setdefault(metadata["source"], {})
            counts = per_hash.setdefault(metadata["content_hash"], [0, int(metadata["chunk_count"])])
            counts[0] += 1
        return {
            source: DocumentState({h: (c[0], c[1]) for h, c in hashes.items()})
            for source, hashes in found.items()
        }

    def document_summaries(self) -> dict[str, tuple[int, float | None]]:
        """For every source in the store: its chunk count and when it was last indexed."""
        found: dict[str, tuple[int, float | None]] = {}
        for _, metadata in self._pages(["metadatas"]):
            count, indexed_at = found.get(metadata["source"], (0, None))
            stamp = metadata.get(_INDEXED_AT)
            latest = max((t for t in (indexed_at, stamp) if t is not None), default=None)
            found[metadata["source"]] = (count + 1, latest)
        return found

    def add(self, chunks: list[Chunk], embeddings: list[list[float]]) -> None:
        """Insert or overwrite chunks with their vectors, in calls the client accepts."""
        for at in range(0, len(chunks), self.max_batch):
            part = chunks[at:at + self.max_batch]
            self.collection.upsert(
                ids=[chunk.id for chunk in part],
                documents=[chunk.text for chunk in part],
                metadatas=[{**_metadata(chunk), _INDEXED_AT: time.time()} for chunk in part],
                embeddings=embeddings[at:at + self.max_batch],
            )

    def delete_source(self, source: str, keep_hash: str | None = None) -> None:
        """Remove a source's chunks, except those of keep_hash."""
        where: dict = {"source": source}
        if keep_hash is not None:
            where = {"$and": [where, {"content_hash": {"$ne": keep_hash}}]}
        self.collection.delete(where=where)

    def delete_sources(self, sources: list[str]) -> None:
        """Remove every chunk of these sources, a few hundred sources per call."""
        for at in range(0, len(sources), 500):
            self.collection.delete(where={"source": {"$in": sources[at:at + 500]}})

    def get(self, ids: list[str]) -> list[Chunk]:
        """The chunks with these ids, in the order given; ids no longer stored are left out."""
        if not ids:
            return []
        got = self.collection.get(ids=ids, include=["documents", "metadatas"])
        found = {i: _chunk(i, text, meta) for i, text, meta in zip(got["ids"], got["documents"], got["metadatas"])}
        return [found[i] for i in ids if i in found]

    def chunks(self) -> list[Chunk]:
        """Every stored chunk, in document order."""
        chunks = [_chunk(*row) for row in self._pages(["documents", "metadatas"])]
        return sorted(chunks, key=lambda chunk: (chunk.source, chunk.start, chunk.end))

    def _pages(self, include: list[str]):
        """(id, *included fields) of every record, read in pages the client accepts."""
        total = self.count()
        for offset in range(0, total, self.max_batch):
            got = self.collection.get(include=include, limit=self.max_batch, offset=offset)
            yield from zip(got["ids"], *(got[field] for field in include))

    def query(self, embedding: list[float], k: int) -> list[tuple[Chunk, float]]:
        """The k nearest chunks with their cosine similarity."""
        if k <= 0:
            return []
        # No count() first: it costs as much as the query, and Chroma returns fewer when it has fewer.
        got = self.collection.query(
            query_embeddings=[embedding],
            n_results=k,
            include=["documents", "metadatas", "distances"],
        )
        rows = zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        return [(_chunk(i, text, meta), 1.0 - distance) for i, text, meta, distance in rows]

    def generation(self) -> str:
        """Changes whenever the stored chunks change, so derived indexes know to rebuild."""
        # Read afresh: another process (a `rag index` beside a running chat) may have changed it.
        metadata = self._client.get_collection(self.collection.name, embedding_function=None).metadata
        return str((metadata or {}).get(_GENERATION, "")) + f":{self.count()}"

    def mark_changed(self) -> None:
        metadata = dict(self.collection.metadata or {})
        metadata[_GENERATION] = uuid.uuid4().hex
        metadata.pop("hnsw:space", None)  # fixed at creation; Chroma refuses to modify it
        self.collection.modify(metadata=metadata)
