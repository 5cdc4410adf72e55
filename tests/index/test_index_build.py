"""Incremental builds on a real persistent Chroma store with the fake embedder."""

from __future__ import annotations

import shutil

import pytest

from index.build import build_index
from index.chunking import chunk_document
from index.loaders import Document, load


class FailingEmbedder:
    """Delegates to an embedder but raises on the given call, like a crash mid-build."""

    def __init__(self, inner, fail_on_call: int):
        self.inner, self.fail_on_call, self.calls = inner, fail_on_call, 0

    def get_text_embedding_batch(self, texts):
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise RuntimeError("embedder crashed")
        return self.inner.get_text_embedding_batch(texts)


def _report(report) -> dict:
    summary = report.to_dict()
    summary.pop("seconds")
    return summary


def _originals(corpus) -> dict[str, str]:
    texts = {}
    for path in corpus.rglob("*"):
        if path.is_file():
            with open(path, encoding="utf-8") as handle:
                texts[path.relative_to(corpus).as_posix()] = handle.read()
    return texts


def test_first_build_adds_every_document_with_exact_chunks(articles, open_store, fake_embedder):
    store = open_store()
    report = build_index(articles, store, fake_embedder)
    assert report.documents == 4 and report.added == 4
    assert (report.updated, report.removed, report.unchanged, report.skipped) == (0, 0, 0, [])
    assert report.chunks == store.count() > 4
    originals = _originals(articles)
    chunks = store.chunks()
    assert {chunk.source for chunk in chunks} == set(originals)
    for chunk in chunks:
        assert originals[chunk.source][chunk.start:chunk.end] == chunk.text
    # Each chunk keeps its document's title through the store.
    assert {c.title for c in chunks} == {chunk_document(load(articles / s, articles))[0].title
                                         for s in originals}


def test_noop_rebuild_reports_all_unchanged_and_keeps_count_and_generation(
    articles, open_store, fake_embedder, snapshot
):
    store = open_store()
    first = build_index(articles, store, fake_embedder)
    before, generation = snapshot(store), store.generation()
    second = build_index(articles, open_store(), FailingEmbedder(fake_embedder, 1))
    assert _report(second) == {**_report(first), "added": 0, "unchanged": 4}
    reopened = open_store()
    assert snapshot(reopened) == before
    assert reopened.generation() == generation == store.generation()


def test_modify_add_and_delete_match_a_fresh_build(
    articles, open_store, fake_embedder, snapshot, fresh_snapshot
):
    store = open_store()
    build_index(articles, store, fake_embedder)
    generation = store.generation()
    (articles / "markets.md").write_text(
        "# Markets\n\nPrices fell again. Traders were relieved.\n", encoding="utf-8"
    )
    (articles / "world" / "coast.txt").unlink()
    (articles / "world" / "damascus.txt").write_text("Damascus was calm.\n", encoding="utf-8")

    report = build_index(articles, store, fake_embedder)

    assert _report(report) == {
        "documents": 4,
        "chunks": store.count(),
        "added": 1,
        "updated": 1,
        "removed": 1,
        "unchanged": 2,
        "skipped": [],
    }
    assert snapshot(store) == fresh_snapshot(articles)
    assert not [c for c in store.chunks() if c.source == "world/coast.txt"]
    assert store.generation() != generation


def test_build_that_crashed_on_the_second_document_is_finished_by_the_next(
    articles, open_store, fake_embedder, snapshot, fresh_snapshot
):
    store = open_store()
    with pytest.raises(RuntimeError, match="embedder crashed"):
        # batch_chunks=1: one document per embedder call, so the crash falls between documents.
        build_index(articles, store, FailingEmbedder(fake_embedder, fail_on_call=2), batch_chunks=1)
    assert {chunk.source for chunk in store.chunks()} == {"homs.txt"}

    report = build_index(articles, open_store(), fake_embedder)

    assert (report.added, report.updated, report.unchanged) == (3, 0, 1)
    assert snapshot(store) == fresh_snapshot(articles)


def test_document_missing_chunks_is_redone(
    articles, open_store, fake_embedder, snapshot, fresh_snapshot
):
    store = open_store()
    build_index(articles, store, fake_embedder)
    homs = [chunk.id for chunk in store.chunks() if chunk.source == "homs.txt"]
    assert len(homs) > 2
    store.collection.delete(ids=homs[1:3])
    generation = store.generation()

    report = build_index(articles, store, fake_embedder)

    assert (report.added, report.updated, report.unchanged) == (0, 1, 3)
    assert snapshot(store) == fresh_snapshot(articles)
    assert store.generation() != generation


def test_stale_chunks_of_an_old_version_are_removed(
    articles, open_store, fake_embedder, snapshot, fresh_snapshot
):
    store = open_store()
    build_index(articles, store, fake_embedder)
    # What a crash between adding a new version and deleting the old one leaves behind.
    old = Document("world/aleppo.txt", "An older version. It had other text.\n", "f" * 64)
    stale = chunk_document(old)
    store.add(stale, fake_embedder.get_text_embedding_batch([c.text for c in stale]))

    report = build_index(articles, store, fake_embedder)

    assert (report.updated, report.unchanged) == (1, 3)
    assert snapshot(store) == fresh_snapshot(articles)


def test_update_interrupted_before_old_chunks_were_deleted_is_repaired(
    articles, open_store, fake_embedder, snapshot, fresh_snapshot, monkeypatch
):
    store = open_store()
    build_index(articles, store, fake_embedder)
    (articles / "homs.txt").write_text("Homs was quiet today. Shops reopened.\n", encoding="utf-8")

    def crash(source, keep_hash=None):
        raise RuntimeError("killed")

    with monkeypatch.context() as patch:
        patch.setattr(store, "delete_source", crash)
        with pytest.raises(RuntimeError, match="killed"):
            build_index(articles, store, fake_embedder)
    states = store.document_states()
    assert len(states["homs.txt"].hashes) == 2

    report = build_index(articles, store, fake_embedder)

    assert (report.updated, report.unchanged) == (1, 3)
    assert snapshot(store) == fresh_snapshot(articles)


def test_unreadable_files_are_skipped_with_reasons_and_the_rest_is_indexed(
    write_corpus, open_store, fake_embedder, make_pdf, snapshot
):
    corpus = write_corpus(
        {
            "good.txt": "Homs is a key crossroads city. Thousands fled.\n",
            "good.pdf": make_pdf([["Rebels reached the outskirts of Homs."]]),
            "empty.txt": b"",
            "binary.md": b"\x00\x01\x02\x03 binary",
            "undecodable.txt": bytes(range(128, 256)),
            "broken.pdf": b"%PDF-1.4\nnot really a pdf",
            "scripts-only.html": "<script>var x = 1;</script>",
            "tags-only.txt": "TAGS\nSyria, Homs\n",
        }
    )
    store = open_store()
    report = build_index(corpus, store, fake_embedder)

    reasons = {entry["source"]: entry["reason"] for entry in report.skipped}
    assert set(reasons) == {
        "empty.txt",
        "binary.md",
        "undecodable.txt",
        "broken.pdf",
        "scripts-only.html",
        "tags-only.txt",
    }
    assert all(reason.strip() for reason in reasons.values())
    assert "binary" in reasons["binary.md"] and "PDF" in reasons["broken.pdf"]
    assert (report.documents, report.added) == (2, 2)
    assert {chunk.source for chunk in store.chunks()} == {"good.txt", "good.pdf"}

    before, generation = snapshot(store), store.generation()
    again = build_index(corpus, store, fake_embedder)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert again.skipped == report.skipped
    assert snapshot(store) == before and store.generation() == generation


def test_document_that_becomes_unreadable_loses_its_chunks(
    articles, open_store, fake_embedder
):
    store = open_store()
    build_index(articles, store, fake_embedder)
    (articles / "world" / "aleppo.txt").write_bytes(b"")

    report = build_index(articles, store, fake_embedder)

    assert report.removed == 1 and report.unchanged == 3
    assert report.skipped == [{"source": "world/aleppo.txt", "reason": "no text (empty file)"}]
    assert "world/aleppo.txt" not in {chunk.source for chunk in store.chunks()}


def test_generation_changes_only_when_chunks_change(articles, open_store, fake_embedder):
    store = open_store()
    seen = [store.generation()]
    build_index(articles, store, fake_embedder)
    seen.append(store.generation())
    build_index(articles, store, fake_embedder)
    assert store.generation() == seen[-1]

    (articles / "world" / "coast.txt").unlink()  # a delete alone
    build_index(articles, store, fake_embedder)
    seen.append(store.generation())
    # An edit that keeps the number of chunks the same.
    text = (articles / "world" / "aleppo.txt").read_text(encoding="utf-8")
    (articles / "world" / "aleppo.txt").write_text(text.replace("slowly", "quickly"))
    build_index(articles, store, fake_embedder)
    seen.append(store.generation())
    build_index(articles, store, fake_embedder)
    assert store.generation() == seen[-1]
    assert len(set(seen)) == len(seen) == 4


def test_chunker_version_bump_redoes_every_document(
    articles, open_store, fake_embedder, monkeypatch
):
    store = open_store()
    build_index(articles, store, fake_embedder)
    monkeypatch.setattr("index.build.CHUNKER_VERSION", "test-next")
    report = build_index(articles, store, fake_embedder)
    assert (report.updated, report.unchanged) == (4, 0)
    assert all(chunk.content_hash.endswith("-ctest-next") for chunk in store.chunks())
    assert len(store.document_states()) == 4


def test_seed_corpus_chunks_in_the_store_are_exact_slices_of_the_file(
    seed_copy, open_store, fake_embedder
):
    store = open_store()
    build_index(seed_copy, store, fake_embedder)
    (path,) = seed_copy.iterdir()
    with open(path, encoding="utf-8") as handle:
        original = handle.read()
    stored = store.chunks()
    expected = chunk_document(load(path, seed_copy))
    assert [(c.start, c.end, c.text, c.section) for c in stored] == [
        (c.start, c.end, c.text, c.section) for c in expected
    ]
    for chunk in stored:
        assert original[chunk.start:chunk.end] == chunk.text


def test_moving_a_document_removes_the_old_source_and_adds_the_new(
    articles, open_store, fake_embedder, snapshot, fresh_snapshot
):
    store = open_store()
    build_index(articles, store, fake_embedder)
    (articles / "archive").mkdir()
    shutil.move(articles / "world" / "coast.txt", articles / "archive" / "coast.txt")
    report = build_index(articles, store, fake_embedder)
    assert (report.added, report.removed, report.unchanged) == (1, 1, 3)
    assert snapshot(store) == fresh_snapshot(articles)


class CountingEmbedder:
    """Delegates to an embedder and records how many texts each call carried."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []

    def get_text_embedding_batch(self, texts):
        self.calls.append(len(texts))
        return self.inner.get_text_embedding_batch(texts)


def _many_articles(count: int) -> dict[str, str]:
    return {
        f"wire/{i:03d}.txt": f"Report {i}. Fighting near town {i} went on for {i + 2} days.\n\n"
        f"Officials in district {i} said the roads reopened. Markets were busy again.\n"
        for i in range(count)
    }


@pytest.mark.parametrize("batch_chunks", [1, 7, 256])
def test_batched_build_stores_the_same_chunks_and_vectors_as_one_document_at_a_time(
    articles, write_corpus, open_store, fake_embedder, snapshot, fresh_snapshot, batch_chunks
):
    corpus = write_corpus(_many_articles(30), name=articles.name)  # beside the four articles
    counting = CountingEmbedder(fake_embedder)
    store = open_store()

    report = build_index(corpus, store, counting, batch_chunks=batch_chunks)

    one_at_a_time = open_store("one-at-a-time")
    build_index(corpus, one_at_a_time, fake_embedder, batch_chunks=1)
    assert snapshot(store) == snapshot(one_at_a_time) == fresh_snapshot(corpus)
    assert sum(counting.calls) == report.chunks
    documents = report.added
    if batch_chunks == 256:
        assert counting.calls == [report.chunks], "small documents share one embedder call"
    elif batch_chunks == 1:
        assert len(counting.calls) == documents
    else:
        assert len(counting.calls) < documents
        assert all(size >= batch_chunks for size in counting.calls[:-1])


def test_store_writes_are_split_at_the_clients_max_batch(
    articles, open_store, fake_embedder, snapshot, fresh_snapshot
):
    store = open_store()
    store.max_batch = 2
    calls = []
    upsert = store.collection.upsert
    store.collection.upsert = lambda **kwargs: (calls.append(len(kwargs["ids"])), upsert(**kwargs))

    report = build_index(articles, store, fake_embedder)

    assert max(calls) == 2 and sum(calls) == report.chunks
    assert snapshot(store) == fresh_snapshot(articles)
    assert len(store.chunks()) == report.chunks  # read back in pages of max_batch too


def test_crash_in_a_later_batch_keeps_earlier_batches_and_is_repaired(
    write_corpus, open_store, fake_embedder, snapshot, fresh_snapshot
):
    corpus = write_corpus(_many_articles(12))
    store = open_store()
    with pytest.raises(RuntimeError, match="embedder crashed"):
        build_index(corpus, store, FailingEmbedder(fake_embedder, fail_on_call=3), batch_chunks=4)
    kept = store.document_states()
    assert kept and len(kept) < 12
    assert all(state.is_complete(next(iter(state.hashes))) for state in kept.values())

    report = build_index(corpus, open_store(), fake_embedder)

    assert (report.added, report.unchanged) == (12 - len(kept), len(kept))
    assert snapshot(store) == fresh_snapshot(corpus)


def test_batched_update_adds_new_chunks_before_deleting_old_ones(
    articles, open_store, fake_embedder, snapshot, fresh_snapshot, monkeypatch
):
    store = open_store()
    build_index(articles, store, fake_embedder)
    (articles / "homs.txt").write_text("Homs was quiet today. Shops reopened.\n", encoding="utf-8")
    (articles / "markets.md").write_text("# Markets\n\nPrices fell again.\n", encoding="utf-8")
    events = []
    add, delete = store.add, store.delete_source
    monkeypatch.setattr(store, "add", lambda chunks, vectors: (events.append("add"), add(chunks, vectors)))
    monkeypatch.setattr(
        store, "delete_source", lambda source, keep_hash=None: (events.append(source), delete(source, keep_hash))
    )

    report = build_index(articles, store, fake_embedder)

    assert report.updated == 2
    assert events == ["add", "homs.txt", "markets.md"]
    assert snapshot(store) == fresh_snapshot(articles)


def test_a_progress_bar_counts_a_document_only_once_it_is_stored(articles, open_store, fake_embedder):
    store = open_store()
    stored_when_counted = []

    def progress(items):
        for item in items:
            yield item
            stored_when_counted.append(store.count())  # a bar ticks when the loop asks for more

    report = build_index(articles, store, fake_embedder, progress)

    assert len(stored_when_counted) == 4
    assert stored_when_counted[-1] == report.chunks, "the last batch was stored after the bar finished"
