"""plan_changes: what a build must do per source, incomplete documents included."""

from __future__ import annotations

from index.build import Plan, index_hash, plan_changes
from index.chunking import CHUNKER_VERSION
from index.store import DocumentState

H1, H2 = "1" * 64, "2" * 64


def complete(content_hash: str, chunks: int = 3) -> DocumentState:
    return DocumentState({content_hash: (chunks, chunks)})


def test_empty_store_adds_every_document_in_order():
    assert plan_changes({}, {"b.txt": H1, "a.txt": H2}) == Plan(added=["a.txt", "b.txt"])


def test_added_updated_removed_and_unchanged_are_told_apart():
    stored = {
        "same.txt": complete(H1),
        "edited.txt": complete(H1),
        "deleted.txt": complete(H1),
        "also-deleted.md": complete(H2),
    }
    current = {"same.txt": H1, "edited.txt": H2, "new.txt": H1}
    assert plan_changes(stored, current) == Plan(
        added=["new.txt"],
        updated=["edited.txt"],
        removed=["also-deleted.md", "deleted.txt"],
        unchanged=["same.txt"],
    )


def test_document_missing_some_chunks_is_redone():
    stored = {"a.txt": DocumentState({H1: (2, 5)})}
    assert plan_changes(stored, {"a.txt": H1}) == Plan(updated=["a.txt"])


def test_document_with_two_content_hashes_is_redone_even_if_one_is_complete():
    stored = {"a.txt": DocumentState({H1: (3, 3), H2: (1, 4)})}
    assert plan_changes(stored, {"a.txt": H1}) == Plan(updated=["a.txt"])
    stored = {"a.txt": DocumentState({H1: (3, 3), H2: (4, 4)})}
    assert plan_changes(stored, {"a.txt": H2}) == Plan(updated=["a.txt"])


def test_empty_corpus_removes_everything():
    stored = {"a.txt": complete(H1), "b.txt": complete(H2)}
    assert plan_changes(stored, {}) == Plan(removed=["a.txt", "b.txt"])


def test_is_complete_needs_one_hash_with_every_chunk_present():
    assert DocumentState({H1: (4, 4)}).is_complete(H1)
    assert not DocumentState({H1: (4, 4)}).is_complete(H2)
    assert not DocumentState({H1: (3, 4)}).is_complete(H1)
    assert not DocumentState({H1: (4, 4), H2: (2, 2)}).is_complete(H1)


def test_index_hash_changes_with_the_chunker_version():
    assert index_hash(H1).endswith(f"-c{CHUNKER_VERSION}")
    assert index_hash(H1) != index_hash(H2)
