"""The packaged embedder as indexing calls it: one model call per batch, the same vectors."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_batch_embedding_gives_the_vectors_llama_index_gives_text_by_text():
    from index.embeddings import LazyEmbedder, load_embedder

    texts = [
        "Homs is a key crossroads city linking Damascus to Assad's coastal strongholds.",
        "Bread.",
        "Markets\n" + "Prices in Damascus rose by a third in a week. " * 8,
    ]
    one_by_one = [load_embedder().get_text_embedding(text) for text in texts]
    batched = LazyEmbedder().get_text_embedding_batch(texts)
    assert len(batched) == 3 and all(len(v) == 384 for v in batched)
    for got, expected in zip(batched, one_by_one):
        assert max(abs(a - b) for a, b in zip(got, expected)) < 1e-5


def test_embedders_without_a_model_underneath_are_called_as_they_are(fake_embedder):
    from index.embeddings import embed_documents

    texts = ["Homs was quiet.", "Aleppo reopened."]
    assert embed_documents(fake_embedder, texts) == fake_embedder.get_text_embedding_batch(texts)
