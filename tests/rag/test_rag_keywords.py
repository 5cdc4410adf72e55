"""The keyword index saved beside the store: same answers as a fresh one, and never stale."""

from __future__ import annotations

import json
import shutil

import pytest

from index.build import build_index
from index.store import ChunkStore
from rag.keywords import KeywordIndex, keyword_cache, refresh, saved_generation
from rag.retrieve import HybridRetriever
from rag.settings import Settings
from tests.rag.support import CORPUS

QUESTIONS = [
    "Why is Homs significant?",
    "Which cities did the rebels capture?",
    "Who sent supervising forces from Lebanon?",
    "bread bakery curfew Aleppo",
    "What did the Russian military destroy on the M5 highway?",
    "zzz unknownword",
]
EXTRA = {
    "markets.md": "# Markets\n\nPrices in Damascus rose by a third in a week. Bread was scarce in Homs.\n",
    "aleppo.txt": "Life in Aleppo is slowly returning to normal. Bakeries reopened after the curfew.\n",
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    for name, text in EXTRA.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def store(tmp_path, corpus, fake_embedder):
    store = ChunkStore.open(tmp_path / "index")
    build_index(corpus, store, fake_embedder)
    return store


def _ranking(index: KeywordIndex, question: str) -> list[tuple[str, float]]:
    return [(chunk.id, round(score, 6)) for chunk, score in index.search(question, 5)]


def _retriever(store, folder) -> HybridRetriever:
    return HybridRetriever(store, embedder=None, keyword_cache=folder)


def test_saved_index_ranks_and_weighs_terms_exactly_like_a_fresh_one(store, tmp_path):
    fresh = KeywordIndex(store.chunks())
    fresh.save(tmp_path / "keywords", store.generation())

    loaded = KeywordIndex.load(tmp_path / "keywords", store.generation(), store.get)

    assert loaded is not None and loaded.size == fresh.size == store.count()
    for question in QUESTIONS:
        assert _ranking(loaded, question) == _ranking(fresh, question), question
    for term in ["homs", "rebel", "bakeri", "unseen"]:
        assert loaded.idf(term) == fresh.idf(term)
        assert (term in loaded) == (term in fresh)
    hits = loaded.search("Why is Homs significant?", 3)
    assert hits and all(chunk.text and chunk.source for chunk, _ in hits)


def test_a_new_process_loads_the_saved_index_without_reading_every_chunk(store, tmp_path, monkeypatch):
    folder = tmp_path / "keywords"
    first = _retriever(store, folder).keyword_index()
    assert saved_generation(folder) == store.generation()

    reopened = ChunkStore.open(tmp_path / "index")
    monkeypatch.setattr(reopened, "chunks", lambda: pytest.fail("rebuilt from every chunk"))
    loaded = _retriever(reopened, folder).keyword_index()

    for question in QUESTIONS:
        assert _ranking(loaded, question) == _ranking(first, question)


def test_the_saved_index_is_rebuilt_when_the_store_changes(store, tmp_path, corpus, fake_embedder):
    folder = tmp_path / "keywords"
    retriever = _retriever(store, folder)
    before = retriever.keyword_index()
    assert not before.search("pomegranate harvest", 5)
    generation = saved_generation(folder)

    (corpus / "harvest.txt").write_text("The pomegranate harvest in Daraa was the best in years.\n")
    build_index(corpus, store, fake_embedder)

    after = retriever.keyword_index()
    assert [chunk.source for chunk, _ in after.search("pomegranate harvest", 5)] == ["harvest.txt"]
    assert saved_generation(folder) == store.generation() != generation
    # And a process started later sees the new one too, loaded from disk.
    reloaded = _retriever(ChunkStore.open(tmp_path / "index"), folder).keyword_index()
    assert _ranking(reloaded, "pomegranate harvest") == _ranking(after, "pomegranate harvest")


@pytest.mark.parametrize("damage", ["missing", "meta", "ids", "bm25", "old-format"])
def test_a_missing_or_corrupt_saved_index_is_rebuilt_and_rewritten(store, tmp_path, damage):
    folder = tmp_path / "keywords"
    expected = {q: _ranking(KeywordIndex(store.chunks()), q) for q in QUESTIONS}
    _retriever(store, folder).keyword_index()
    if damage == "missing":
        shutil.rmtree(folder)
    elif damage == "meta":
        (folder / "meta.json").write_text("{not json")
    elif damage == "ids":
        (folder / "ids.json").write_bytes(b"\x00\x01")
    elif damage == "bm25":
        shutil.rmtree(folder / "bm25")
    else:
        meta = json.loads((folder / "meta.json").read_text())
        (folder / "meta.json").write_text(json.dumps({**meta, "format": -1}))

    rebuilt = _retriever(ChunkStore.open(tmp_path / "index"), folder).keyword_index()

    assert {q: _ranking(rebuilt, q) for q in QUESTIONS} == expected
    assert KeywordIndex.load(folder, store.generation(), store.get) is not None


def test_refresh_writes_only_when_the_saved_index_is_stale(store, tmp_path, monkeypatch):
    folder = tmp_path / "keywords"
    refresh(store, folder)
    assert saved_generation(folder) == store.generation()
    monkeypatch.setattr(store, "chunks", lambda: pytest.fail("rebuilt a current index"))
    refresh(store, folder)


def test_server_stores_get_a_local_cache_per_collection(tmp_path, store):
    embedded = keyword_cache(Settings(index_dir=tmp_path / "i", chroma_url=None), store)
    one = keyword_cache(Settings(index_dir=tmp_path / "i", chroma_url="http://127.0.0.1:8000"), store)
    moved = keyword_cache(Settings(index_dir=tmp_path / "i", chroma_url="http://127.0.0.1:8001"), store)
    other = keyword_cache(Settings(index_dir=tmp_path / "i", chroma_url="http://127.0.0.1:8000"),
                          ChunkStore.open(tmp_path / "another-index"))
    assert embedded == tmp_path / "i" / "keywords"
    assert one == moved != other and one.parent == other.parent == tmp_path / "i"
    assert embedded not in {one, other}


def test_an_empty_store_has_an_empty_keyword_index_that_saves_and_loads(tmp_path):
    store = ChunkStore.open(tmp_path / "empty")
    folder = tmp_path / "keywords"
    index = _retriever(store, folder).keyword_index()
    assert index.size == 0 and index.search("Homs", 5) == []
    loaded = KeywordIndex.load(folder, store.generation(), store.get)
    assert loaded is not None and loaded.search("Homs", 5) == []
