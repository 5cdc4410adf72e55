"""The Documents panel and the whole-document page, over a real Assistant with the fake embedder."""

from __future__ import annotations

import html
import re

import gradio as gr
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from rag.assistant import Assistant
from rag.settings import Settings
from ui import documents
from ui.render import document_url
from ui.viewer import document_page, document_route

REPORT = "Port news.\n\nThe harbour of Valdoria reopened in March after the storm damage was repaired.\n"
MEMO = "The council of Brenmoor voted to build a new library beside the river.\n"


class Bar:
    """Records what the panel reports to Gradio's progress bar."""

    def __init__(self):
        self.seen = []

    def tqdm(self, items, desc=None, unit=None):
        items = list(items)
        self.seen.append((desc, items))
        return items


@pytest.fixture
def assistant(tmp_path, fake_embedder):
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", llm="none")
    made = Assistant(settings, embedder=fake_embedder)
    yield made
    made.close()


def upload(tmp_path, name: str, text: str | bytes) -> str:
    folder = tmp_path / "gradio" / str(len(list(tmp_path.glob("gradio/*"))))
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return str(path)


def visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def test_uploading_two_files_indexes_them_with_a_progress_bar(assistant, tmp_path):
    bar = Bar()
    files = [upload(tmp_path, "valdoria.txt", REPORT), upload(tmp_path, "brenmoor.md", MEMO)]
    status, table, choices, cleared = documents.add_and_index(assistant.documents, files, bar)
    assert "✓ valdoria.txt" in visible(status) and "2 added" in visible(status)
    assert bar.seen == [("Indexing", ["brenmoor.md", "valdoria.txt"])]
    rows = re.findall(r'<td class="doc-name">(.*?)</td><td class="doc-chunks">(\d+)</td>', table)
    assert [name for name, _ in rows] == ["brenmoor.md", "valdoria.txt"]
    assert all(int(chunks) >= 1 for _, chunks in rows)
    assert re.search(r'class="doc-time">\d{4}-\d\d-\d\d \d\d:\d\d<', table)
    assert choices["choices"] == ["brenmoor.md", "valdoria.txt"]
    assert cleared is None


def test_rejected_files_are_listed_with_their_reason_and_the_rest_still_indexed(assistant, tmp_path):
    files = [upload(tmp_path, "virus.exe", b"MZ"), upload(tmp_path, "valdoria.txt", REPORT)]
    status, table, *_ = documents.add_and_index(assistant.documents, files, None)
    text = visible(status)
    assert "✗ virus.exe: .exe files are not supported" in text and "✓ valdoria.txt" in text
    assert "valdoria.txt" in table and "virus" not in table


def test_removing_a_document_lists_it_no_more(assistant, tmp_path):
    files = [upload(tmp_path, "valdoria.txt", REPORT), upload(tmp_path, "brenmoor.md", MEMO)]
    documents.add_and_index(assistant.documents, files, None)
    status, table, _ = documents.remove(assistant.documents, "valdoria.txt")
    assert "Removed valdoria.txt" in visible(status)
    assert "valdoria" not in table and "brenmoor.md" in table
    status, *_ = documents.remove(assistant.documents, "../secret.txt")
    assert "docs-error" in status
    assert "Choose a document" in documents.remove(assistant.documents, None)[0]
    assert documents.remove(assistant.documents, "") == (gr.skip(),) * 3  # cancelled in the page
    assert "brenmoor.md" in documents.render_documents(assistant.documents.all())


def test_an_empty_index_says_so():
    assert "No documents are indexed yet" in documents.render_documents([])


def test_reindex_picks_up_files_copied_in_by_hand(assistant):
    corpus = assistant.settings.corpus_dir
    corpus.mkdir(parents=True)
    (corpus / "memo.md").write_text(MEMO)
    status, table, _ = documents.reindex(assistant.documents, Bar())
    assert "1 added" in visible(status) and "memo.md" in table


def client(assistant) -> TestClient:
    return TestClient(Starlette(routes=[document_route(assistant)]))


def test_the_document_page_marks_the_cited_span(assistant, tmp_path):
    documents.add_and_index(assistant.documents, [upload(tmp_path, "valdoria.txt", REPORT)], None)
    citation = assistant.ask("When did the harbour of Valdoria reopen?").citations[0]
    url = document_url(citation.source, citation.start, citation.end)
    page = client(assistant).get("/" + url.split("#")[0])
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    marked = re.search(r'<mark id="cited">(.*?)</mark>', page.text).group(1)
    assert html.unescape(marked) == citation.text
    assert "Port news." in visible(page.text)


@pytest.mark.parametrize("query", ["source=../../etc/passwd", "source=%2Fetc%2Fpasswd", "source=notindexed.txt",
                                   "source=.hidden.txt"])
def test_the_document_page_serves_indexed_documents_only(assistant, tmp_path, query):
    corpus = assistant.settings.corpus_dir
    corpus.mkdir(parents=True)
    (corpus / "notindexed.txt").write_text(MEMO)
    assert client(assistant).get(f"/cited/document?{query}&start=0&end=5").status_code == 404


def test_the_document_page_escapes_the_document():
    page = document_page("<b>x</b>.html", "a <script>alert(1)</script> b", 2, 10)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>x</b>" not in page


def test_a_fresh_page_shows_the_index_as_it_is_now(assistant, tmp_path):
    tab, table, choices = documents.current(assistant.documents)
    assert tab.selected == "documents" and "No documents" in table
    documents.add_and_index(assistant.documents, [upload(tmp_path, "valdoria.txt", REPORT)], None)
    tab, table, choices = documents.current(assistant.documents)
    assert tab.selected == "chat" and "valdoria.txt" in table and choices["choices"] == ["valdoria.txt"]
