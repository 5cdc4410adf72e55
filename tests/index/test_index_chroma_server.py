"""The incremental flow against a real `chroma run` server instead of the embedded store."""

from __future__ import annotations

import pytest

from index.build import build_index
from index.store import ChunkStore, StoreError


@pytest.mark.slow
def test_incremental_builds_on_a_chroma_server_match_an_embedded_fresh_build(
    chroma_server, articles, tmp_path, fake_embedder, snapshot, fresh_snapshot
):
    store = ChunkStore.open(tmp_path / "unused", chroma_url=chroma_server)
    first = build_index(articles, store, fake_embedder)
    assert (first.documents, first.added) == (4, 4)
    assert not (tmp_path / "unused").exists(), "a server store must not write locally"

    generation = store.generation()
    again = build_index(articles, ChunkStore.open(tmp_path, chroma_url=chroma_server), fake_embedder)
    assert (again.added, again.updated, again.unchanged, again.chunks) == (0, 0, 4, first.chunks)
    assert store.generation() == generation

    (articles / "markets.md").write_text("# Markets\n\nPrices fell again.\n", encoding="utf-8")
    (articles / "world" / "coast.txt").unlink()
    (articles / "world" / "damascus.txt").write_text("Damascus was calm.\n", encoding="utf-8")
    report = build_index(articles, store, fake_embedder)

    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 2)
    assert snapshot(store) == fresh_snapshot(articles)
    reopened = ChunkStore.open(tmp_path, chroma_url=chroma_server)
    assert reopened.generation() == store.generation() != generation


@pytest.mark.slow
def test_interrupted_build_on_a_chroma_server_is_repaired(
    chroma_server, articles, tmp_path, fake_embedder, snapshot, fresh_snapshot
):
    store = ChunkStore.open(tmp_path, chroma_url=chroma_server)
    build_index(articles, store, fake_embedder)
    homs = [chunk.id for chunk in store.chunks() if chunk.source == "homs.txt"]
    store.collection.delete(ids=homs[:2])

    report = build_index(articles, store, fake_embedder)

    assert (report.updated, report.unchanged) == (1, 3)
    assert snapshot(store) == fresh_snapshot(articles)


def test_unreachable_chroma_server_is_a_store_error(tmp_path):
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError, match="cannot reach"):
        ChunkStore.open(tmp_path, chroma_url=f"http://127.0.0.1:{port}")
