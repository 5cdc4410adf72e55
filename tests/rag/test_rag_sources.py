"""Citations resolve to their text for every format, and nothing outside the corpus is read."""

from __future__ import annotations

import pytest

from rag import Assistant, RagError, Settings, load_source
from tests.index.conftest import pdf_bytes
from tests.rag.support import build_fake_index

DOCUMENTS = {
    "utf16.txt": "Hama’s bakeries reopened on Sunday after the curfew was lifted.\n".encode("utf-16"),
    "latin1.txt": "The café in Tartus served soldiers leaving the front all week.\n".encode("latin-1"),
    "page.html": (
        b"<html><head><title>T</title></head><body><h1>Aleppo</h1>"
        b"<p>The citadel of Aleppo was closed to visitors during the offensive.</p></body></html>"
    ),
    "report.pdf": pdf_bytes([[
        "The bridge over the Orontes river near Rastan was repaired by engineers",
        "working through the night before the convoy arrived.",
    ]]),
    "notes.md": b"# Notes\n\nThe airport in Latakia handled record numbers of flights in December.\n",
}
QUESTIONS = {
    "utf16.txt": "When did the bakeries in Hama reopen after the curfew?",
    "latin1.txt": "Who did the café in Tartus serve?",
    "page.html": "Was the citadel of Aleppo closed to visitors?",
    "report.pdf": "Who repaired the bridge over the Orontes river near Rastan?",
    "notes.md": "What did the airport in Latakia handle in December?",
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, data in DOCUMENTS.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def assistant(corpus, tmp_path, fake_embedder):
    index = build_fake_index(corpus, tmp_path / "index")
    with Assistant(Settings(corpus_dir=corpus, index_dir=index, llm="none"),
                   embedder=fake_embedder) as assistant:
        yield assistant


@pytest.mark.parametrize("source", sorted(QUESTIONS))
def test_every_citation_is_a_slice_of_its_source_text_whatever_the_format(assistant, corpus, source):
    answer = assistant.ask(QUESTIONS[source])

    assert not answer.refused and answer.citations, answer.text
    assert source in {c.source for c in answer.citations}
    for citation in answer.citations:
        text = assistant.source_text(citation.source)
        assert text[citation.start:citation.end] == citation.text
        assert load_source(citation.source, corpus) == text


def test_the_source_text_is_what_the_readme_rule_says_for_each_format(corpus):
    with open(corpus / "notes.md", encoding="utf-8") as handle:
        assert load_source("notes.md", corpus) == handle.read()
    with open(corpus / "utf16.txt", encoding="utf-16") as handle:
        assert load_source("utf16.txt", corpus) == handle.read()
    with open(corpus / "latin1.txt", encoding="latin-1") as handle:
        assert load_source("latin1.txt", corpus) == handle.read()
    assert load_source("page.html", corpus) == (
        "Aleppo\n\nThe citadel of Aleppo was closed to visitors during the offensive."
    )
    assert load_source("report.pdf", corpus).startswith("The bridge over the Orontes river")


@pytest.mark.parametrize(
    ("source", "reason"),
    [("missing.txt", "No such file"), ("../outside.txt", "outside the corpus"),
     ("picture.png", "image")],
)
def test_a_source_that_cannot_be_read_is_one_clear_error(corpus, source, reason):
    (corpus.parent / "outside.txt").write_text("Secret.", encoding="utf-8")
    (corpus / "picture.png").write_bytes(b"\x89PNG")
    with pytest.raises(RagError, match=reason):
        load_source(source, corpus)


def test_the_eval_reads_documents_with_the_same_loader(corpus):
    from evals.spans import read_documents

    documents = read_documents(corpus)

    assert set(documents) == set(DOCUMENTS)
    assert all(documents[source] == load_source(source, corpus) for source in DOCUMENTS)


def test_a_planted_secret_behind_a_link_is_never_indexed_nor_quoted(tmp_path, fake_embedder):
    from rag import update_index

    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("The vault code for the Homs office is 4417-PLANTED.\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "homs.txt").write_text("Homs is a key crossroads city in Syria.\n", encoding="utf-8")
    (corpus / "office-notes.txt").symlink_to(secret)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", llm="none")
    build_fake_index(corpus, settings.index_dir)

    report = update_index(settings)
    with Assistant(settings, embedder=fake_embedder) as assistant:
        answer = assistant.ask("What is the vault code for the Homs office?")
        with pytest.raises(RagError, match="outside the corpus"):
            assistant.source_text("office-notes.txt")

    assert report["skipped"] == [{
        "source": "office-notes.txt",
        "reason": "symbolic link to a file outside the corpus; links are never followed",
    }]
    assert "PLANTED" not in answer.text and all("PLANTED" not in c.text for c in answer.citations)
