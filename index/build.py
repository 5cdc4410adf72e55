"""Incremental indexing: bring the store in line with the corpus, touching only what changed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.chunking import CHUNKER_VERSION, chunk_document
from index.cleaning import has_content
from index.loaders import Document, UnreadableFile, discover, load, source_name
from index.store import ChunkStore, DocumentState

# Chunks per embedder call: big enough to keep the model busy, small enough for a steady progress bar.
EMBED_BATCH_CHUNKS = 256


@dataclass
class Plan:
    """What a build must do, per source."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    """The summary `rag index --json` prints."""

    documents: int
    chunks: int
    added: int
    updated: int
    removed: int
    unchanged: int
    skipped: list[dict]
    seconds: float

    def to_dict(self) -> dict:
        return asdict(self)


def index_hash(content_hash: str) -> str:
    """The hash the store keeps: the file's bytes and the chunker that cut them."""
    return f"{content_hash[:48]}-c{CHUNKER_VERSION}"


def plan_changes(stored: dict[str, DocumentState], current: dict[str, str]) -> Plan:
    """Compare the store with the corpus (source -> hash). Incomplete documents are redone."""
    plan = Plan()
    for source, content_hash in sorted(current.items()):
        if source not in stored:
            plan.added.append(source)
        elif stored[source].is_complete(content_hash):
            plan.unchanged.append(source)
        else:
            plan.updated.append(source)
    plan.removed = sorted(set(stored) - set(current))
    return plan


def _load_all(corpus_dir: Path) -> tuple[dict[str, Document], list[dict]]:
    documents, skipped = {}, []
    for path in discover(corpus_dir):
        try:
            document = load(path, corpus_dir)
        except UnreadableFile as reason:
            skipped.append({"source": source_name(path, corpus_dir), "reason": str(reason)})
            continue
        if not has_content(document.text):
            # Otherwise it would be stored as nothing and "added" again by every build.
            reason = "no article text (only page furniture such as tags or share links)"
            skipped.append({"source": document.source, "reason": reason})
            continue
        documents[document.source] = Document(
            document.source, document.text, index_hash(document.content_hash)
        )
    return documents, skipped


def build_index(
    corpus_dir: Path,
    store: ChunkStore,
    embedder,
    progress: Callable[[Iterable[str]], Iterable[str]] = lambda items: items,
    batch_chunks: int = EMBED_BATCH_CHUNKS,
) -> BuildReport:
    """Index every readable document under corpus_dir into store; returns the summary.

    Documents are embedded and written in batches of about batch_chunks chunks, so the model
    and the store see large calls however small the files are.
    """
    started = time.perf_counter()
    documents, skipped = _load_all(corpus_dir)
    plan = plan_changes(store.document_states(), {s: d.content_hash for s, d in documents.items()})
    changing = bool(plan.added or plan.updated or plan.removed)
    if changing:
        store.mark_changed()  # derived indexes (keywords) must not trust a half-done build
    store.delete_sources(plan.removed)
    batch, pending = _Batch(), plan.added + plan.updated
    for source in progress(pending):
        batch.append(documents[source], replaces=source in plan.updated)
        # Flushing inside the loop, the last batch too, lets a progress bar count a document
        # only once it is stored, so its rate and ETA are those of the real work.
        if batch.size >= batch_chunks or source == pending[-1]:
            batch.flush(store, embedder)
    if changing:
        store.mark_changed()
    return BuildReport(
        documents=len(documents),
        chunks=store.count(),
        added=len(plan.added),
        updated=len(plan.updated),
        removed=len(plan.removed),
        unchanged=len(plan.unchanged),
        skipped=skipped,
        seconds=round(time.perf_counter() - started, 2),
    )


class _Batch:
    """The chunks of several documents, embedded in one call and written together."""

    def __init__(self):
        self.chunks: list = []
        self.replacing: list[Document] = []

    @property
    def size(self) -> int:
        return len(self.chunks)

    def append(self, document: Document, replaces: bool) -> None:
        self.chunks.extend(chunk_document(document))
        if replaces:
            self.replacing.append(document)

    def flush(self, store: ChunkStore, embedder) -> None:
        if self.chunks:
            vectors = embedder.get_text_embedding_batch([embedding_text(c) for c in self.chunks])
            store.add(self.chunks, vectors)
        # New chunks go in before the old ones go out, so a crash never leaves a gap;
        # the next build sees the mixed hashes and redoes the document.
        for document in self.replacing:
            store.delete_source(document.source, keep_hash=document.content_hash)
        self.chunks, self.replacing = [], []


def embedding_text(chunk) -> str:
    """What is embedded for a chunk: its text, headed by its section when the text does not start with it."""
    # The section heading gives a chunk context its own sentences may lack.
    if chunk.section and not chunk.text.startswith(chunk.section):
        return f"{chunk.section}\n{chunk.text}"
    return chunk.text
