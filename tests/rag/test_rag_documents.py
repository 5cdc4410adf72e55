"""rag.documents: uploads under safe names, listing, removal and re-indexing, through the Assistant."""

from __future__ import annotations

import os
import time

import pytest

from rag.assistant import Assistant
from rag.documents import MAX_UPLOAD_BYTES, UploadRejected, safe_name
from rag.errors import RagError
from rag.settings import Settings

REPORT = "The harbour of Valdoria reopened in March after the storm damage was repaired.\n"
MEMO = "The council of Brenmoor voted to build a new library beside the river.\n"


@pytest.fixture
def assistant(tmp_path, fake_embedder):
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", llm="none")
    made = Assistant(settings, embedder=fake_embedder)
    yield made
    made.close()


@pytest.fixture
def upload(tmp_path):
    """Write bytes to a file outside the corpus, as the browser's upload would."""
    folder = tmp_path / "uploads"
    folder.mkdir()

    def write(name: str, content: str | bytes) -> tuple[str, str]:
        path = folder / f"{len(list(folder.iterdir()))}.bin"
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return name, str(path)

    return write


def corpus_files(assistant) -> list[str]:
    corpus = assistant.settings.corpus_dir
    return sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*"))


@pytest.mark.parametrize("name, expected", [
    ("report.txt", "report.txt"),
    ("../../etc/evil.md", "evil.md"),
    ("/etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\ann\\notes.PDF", "notes.pdf"),
    (".hidden.txt", "hidden.txt"),
    ("..txt", "document.txt"),
    ("a b\t<c>|d?.html", "a b-c-d.html"),
    ("Übersicht über Homs.md", "Übersicht über Homs.md"),
    ("x" * 300 + ".txt", "x" * 100 + ".txt"),
])
def test_safe_name_keeps_uploads_in_the_corpus_folder(name, expected):
    assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["run.sh", "page.docx", "noextension", "archive.tar.gz"])
def test_unsupported_types_are_rejected_with_the_types_that_work(name):
    with pytest.raises(UploadRejected, match=r"not supported; add \.txt, \.md, \.html, \.pdf"):
        safe_name(name)


def test_uploads_are_indexed_listed_and_answerable(assistant, upload):
    report = assistant.documents.add_files([upload("report.txt", REPORT), upload("memo.md", MEMO)])
    assert [s["source"] for s in report.saved] == ["report.txt", "memo.md"] and not report.rejected
    before = time.time()
    summary = assistant.documents.reindex()
    assert (summary["added"], summary["documents"]) == (2, 2)
    listed = assistant.documents.all()
    assert [d.source for d in listed] == ["memo.md", "report.txt"]
    assert all(d.chunks >= 1 and before - 1 <= d.indexed_at <= time.time() for d in listed)
    answer = assistant.ask("When did the harbour of Valdoria reopen?")
    assert not answer.refused and answer.citations[0].source == "report.txt"


def test_a_second_reindex_adds_no_duplicates(assistant, upload):
    assistant.documents.add_files([upload("report.txt", REPORT)])
    first = assistant.documents.reindex()
    again = assistant.documents.reindex()
    assert (again["added"], again["unchanged"], again["chunks"]) == (0, 1, first["chunks"])


def test_a_name_clash_never_overwrites(assistant, upload):
    docs = assistant.documents
    docs.add_files([upload("report.txt", REPORT)])
    report = docs.add_files([upload("report.txt", MEMO), upload("report.txt", REPORT)])
    assert [s["source"] for s in report.saved] == ["report-2.txt", "report.txt"]
    corpus = assistant.settings.corpus_dir
    assert (corpus / "report.txt").read_text() == REPORT and (corpus / "report-2.txt").read_text() == MEMO


def test_path_tricks_land_inside_the_corpus(assistant, upload, tmp_path):
    report = assistant.documents.add_files(
        [upload("../outside.txt", REPORT), upload("/tmp/abs.txt", MEMO), upload(".env.txt", MEMO)]
    )
    assert [s["source"] for s in report.saved] == ["outside.txt", "abs.txt", "env.txt"]
    assert not (tmp_path / "outside.txt").exists()
    assert corpus_files(assistant) == ["abs.txt", "env.txt", "outside.txt"]


def test_an_upload_never_writes_through_a_symlink(assistant, upload, tmp_path):
    corpus = assistant.settings.corpus_dir
    corpus.mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("keep me")
    os.symlink(secret, corpus / "notes.txt")
    report = assistant.documents.add_files([upload("notes.txt", REPORT)])
    assert report.saved[0]["source"] == "notes-2.txt"
    assert secret.read_text() == "keep me"


def test_bad_files_are_rejected_one_by_one_with_the_reason(assistant, upload):
    report = assistant.documents.add_files([
        upload("tool.exe", b"MZ\x00\x00"),
        upload("fake.txt", b"\x00\x01\x02binary" * 10),
        upload("broken.pdf", b"%PDF-1.4 not really"),
        upload("empty.md", b"   \n"),
        upload("good.txt", REPORT),
    ])
    reasons = {r["name"]: r["reason"] for r in report.rejected}
    assert "not supported" in reasons["tool.exe"]
    assert "binary" in reasons["fake.txt"]
    assert "PDF" in reasons["broken.pdf"]
    assert "empty" in reasons["empty.md"]
    assert [s["source"] for s in report.saved] == ["good.txt"]
    assert corpus_files(assistant) == ["good.txt"]  # no partial or rejected file is left behind


def test_oversized_uploads_are_rejected_with_the_limit(assistant, upload):
    report = assistant.documents.add_files([upload("big.txt", b"a" * (MAX_UPLOAD_BYTES + 1))])
    assert "over the 20 MB limit" in report.rejected[0]["reason"]
    assert corpus_files(assistant) == []


def test_removing_a_document_deletes_its_file_and_chunks(assistant, upload):
    docs = assistant.documents
    docs.add_files([upload("report.txt", REPORT), upload("memo.md", MEMO)])
    docs.reindex()
    assert not assistant.ask("When did the harbour of Valdoria reopen?").refused
    docs.remove("report.txt")
    assert [d.source for d in docs.all()] == ["memo.md"]
    assert corpus_files(assistant) == ["memo.md"]
    assert assistant.ask("When did the harbour of Valdoria reopen?").refused
    assert docs.reindex()["added"] == 0  # the build agrees: nothing comes back


@pytest.mark.parametrize("name", ["../index/chroma.sqlite3", "/etc/passwd", ".hidden.txt", "", "a/../b"])
def test_remove_and_text_refuse_names_outside_the_corpus(assistant, name):
    with pytest.raises(RagError):
        assistant.documents.remove(name)
    with pytest.raises(RagError):
        assistant.documents.text(name)


def test_text_is_the_loaded_document_that_offsets_point_into(assistant, upload):
    html = "<html><body><h1>Port news</h1><p>" + REPORT + "</p></body></html>"
    assistant.documents.add_files([upload("page.html", html)])
    assistant.documents.reindex()
    answer = assistant.ask("When did the harbour of Valdoria reopen?")
    citation = answer.citations[0]
    assert assistant.documents.text("page.html")[citation.start:citation.end] == citation.text
    with pytest.raises(RagError, match="no indexed document"):
        assistant.documents.text("missing.txt")


def test_an_interrupted_reindex_is_repaired_without_duplicates(assistant, upload, fake_embedder):
    class Crashing:
        calls = 0

        def get_text_embedding_batch(self, texts):
            Crashing.calls += 1
            if Crashing.calls == 1:  # documents are embedded in batches: this call carries both
                raise RuntimeError("power cut")
            return fake_embedder.get_text_embedding_batch(texts)

    docs = assistant.documents
    docs.add_files([upload("report.txt", REPORT), upload("memo.md", MEMO)])
    docs._embedder = Crashing()
    with pytest.raises(RuntimeError):
        docs.reindex()
    docs._embedder = fake_embedder
    repaired = docs.reindex()
    listed = {d.source: d.chunks for d in docs.all()}
    assert set(listed) == {"report.txt", "memo.md"} and sum(listed.values()) == repaired["chunks"]


def test_without_hard_links_an_upload_is_still_never_overwritten(assistant, upload, monkeypatch):
    def no_links(*_):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    docs = assistant.documents
    docs.add_files([upload("report.txt", REPORT)])
    report = docs.add_files([upload("report.txt", MEMO)])
    assert report.saved[0]["source"] == "report-2.txt"
    assert (assistant.settings.corpus_dir / "report.txt").read_text() == REPORT


def test_a_file_that_cannot_be_saved_is_reported_and_the_rest_go_on(assistant, upload, tmp_path):
    report = assistant.documents.add_files([("gone.txt", str(tmp_path / "missing.bin")),
                                            upload("report.txt", REPORT)])
    assert report.rejected[0]["name"] == "gone.txt" and "cannot be saved" in report.rejected[0]["reason"]
    assert [s["source"] for s in report.saved] == ["report.txt"]


def test_the_documents_service_opens_nothing_until_used(tmp_path):
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", llm="none")
    docs = Assistant(settings).documents
    assert docs.corpus == tmp_path / "corpus"
    assert not (tmp_path / "index").exists() and not (tmp_path / "corpus").exists()
