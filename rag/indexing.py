"""Building the index from settings: the one entry point the CLI and the eval suite use."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rag.errors import RagError
from rag.settings import Settings


def update_index(
    settings: Settings, progress: Callable[[Iterable[str]], Iterable[str]] | None = None,
    *, store=None, embedder=None,
) -> dict:
    """Index settings.corpus_dir into the configured store; returns the build summary.

    ``store`` and ``embedder`` let a running Assistant share its own, so it sees the change at once.
    """
    from index.build import build_index
    from index.embeddings import EmbedderError, LazyEmbedder
    from index.store import ChunkStore, StoreError

    if not settings.corpus_dir.is_dir():
        raise RagError(f"the corpus folder {settings.corpus_dir} does not exist")
    try:
        store = store or ChunkStore.open(settings.index_dir, settings.chroma_url)
        report = build_index(
            settings.corpus_dir, store, embedder or LazyEmbedder(), progress or (lambda x: x)
        )
        _save_keywords(settings, store)
    except (StoreError, EmbedderError) as error:
        raise RagError(str(error)) from error
    return report.to_dict()


def _save_keywords(settings: Settings, store) -> None:
    # Built here, once, so no question has to read every chunk back to rebuild it.
    from rag.keywords import keyword_cache, refresh

    try:
        refresh(store, keyword_cache(settings, store))
    except OSError:
        pass  # not fatal: the first question rebuilds it
