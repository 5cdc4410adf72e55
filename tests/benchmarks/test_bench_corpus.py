"""The scale corpus generator: deterministic from its seed, news-like, about the size asked for."""

from __future__ import annotations

from benchmarks.corpus import generate
from index.chunking import chunk_document
from index.loaders import discover, load


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_seed_writes_the_same_files_byte_for_byte(tmp_path):
    generate(tmp_path / "a", 300, seed=7)
    generate(tmp_path / "b", 300, seed=7)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    generate(tmp_path / "c", 300, seed=8)
    assert _files(tmp_path / "c") != _files(tmp_path / "a")


def test_a_smaller_corpus_is_the_start_of_a_larger_one_with_the_same_seed(tmp_path):
    generate(tmp_path / "small", 100, seed=3)
    generate(tmp_path / "large", 400, seed=3)
    small, large = _files(tmp_path / "small"), _files(tmp_path / "large")
    assert len(large) > len(small) and all(large[name] == data for name, data in small.items())


def test_it_makes_about_the_chunks_asked_for_of_readable_varied_text(tmp_path):
    folder = tmp_path / "corpus"
    generate(folder, 1000, seed=0)
    documents = [load(path, folder) for path in discover(folder)]
    chunks = sum(len(chunk_document(document)) for document in documents)
    assert 850 <= chunks <= 1150
    text = "\n".join(document.text for document in documents)
    assert "{" not in text and "}" not in text  # every template field was filled
    assert len({document.text.splitlines()[0] for document in documents}) == len(documents)
    assert len(set(text.split())) > 800  # many words, not a few sentences repeated
