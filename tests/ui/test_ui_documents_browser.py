"""Your own documents, in a real browser, behind the login: from an empty index to cited answers
and back. The server is the real `rag chat`, extractive (RAG_LLM=none), over an empty corpus."""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.ui.conftest import CHROMIUM, serving
from tests.ui.test_ui_browser import ARTIFACTS, ask, off_machine

pytestmark = pytest.mark.slow

USER, PASSWORD = "tester", "s3cret-pw"
FILLER = "\n\n".join(
    f"Item {n} of the minutes records routine business of the harbour office." for n in range(1, 90)
)
VALDORIA = (
    "# Valdoria harbour report\n\n" + FILLER + "\n\nThe harbour of Valdoria reopened in March after "
    "the storm damage was repaired.\n\nFishing boats returned within a week.\n"
)
BRENMOOR = (
    "<html><head><title>Brenmoor</title></head><body><h1>Brenmoor council</h1>"
    "<p>The council of Brenmoor voted to build a new library beside the river.</p>"
    "<p>Construction starts next spring.</p></body></html>"
)
ASK_VALDORIA = "When did the harbour of Valdoria reopen?"
ASK_BRENMOOR = "What did the council of Brenmoor vote to build?"


@pytest.fixture(scope="module")
def documents_url(tmp_path_factory):
    """`rag chat` with a login, over an empty corpus and a fresh index."""
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium (apt-get install -y chromium)")
    rag = Path(sys.executable).parent / "rag"
    if not rag.exists():
        pytest.skip("needs the rag CLI")
    work = tmp_path_factory.mktemp("documents")
    (work / "corpus").mkdir()
    env = {**os.environ, "RAG_LLM": "none", "RAG_CORPUS_DIR": str(work / "corpus"),
           "RAG_INDEX_DIR": str(work / "index"), "RAG_UI_AUTH": f"{USER}:{PASSWORD}",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    with serving([str(rag), "chat"], env, work / "server.log") as url:
        yield url, work


@pytest.fixture(scope="module")
def uploads(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("uploads")
    (folder / "valdoria.md").write_text(VALDORIA, encoding="utf-8")
    (folder / "brenmoor.html").write_text(BRENMOOR, encoding="utf-8")
    return [str(folder / "valdoria.md"), str(folder / "brenmoor.html")]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_without_the_login_no_route_answers(documents_url):
    url, _ = documents_url
    for path in ["gradio_api/heartbeat/abc", "config", "gradio_api/info",
                 "cited/document?source=valdoria.md&start=0&end=5", "gradio_api/upload"]:
        assert status_of(url + path) == 401, path


def log_in(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("username").fill(USER)
    page.get_by_label("password").fill(PASSWORD)
    page.get_by_role("button", name="Login").click()
    page.wait_for_selector("#cited-upload")


def documents_listed(page) -> dict[str, int]:
    names = page.locator("#cited-docs td.doc-name").all_inner_texts()
    chunks = page.locator("#cited-docs td.doc-chunks").all_inner_texts()
    return dict(zip(names, map(int, chunks)))


def watch_progress(page) -> None:
    # Indexing two small files is quick: record whether a progress bar ever appeared.
    page.evaluate("""() => {
        window.__progress = false;
        new MutationObserver(() => {
          if (document.querySelector('#cited-docs-status .progress-text, #cited-docs-status .progress-bar,'
              + '#cited-docs .progress-text, #cited-docs .progress-bar, #cited-docs .eta-bar'))
            window.__progress = true;
        }).observe(document.body, {childList: true, subtree: true});
    }""")


def test_upload_list_ask_open_remove(browser, documents_url, uploads):
    url, work = documents_url
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(page, url)

    # An empty index says so and offers the upload, with no example questions that would fail.
    assert "No documents are indexed yet" in page.locator("#cited-docs").inner_text()
    page.get_by_role("tab", name="Chat").click()
    assert page.locator("#cited-empty").is_visible()
    assert not page.locator("#cited-examples").is_visible()
    page.locator("#cited-go-documents").click()
    page.wait_for_selector("#cited-upload", state="visible")

    # Two documents at once; they are listed with their chunk counts.
    watch_progress(page)
    page.locator("#cited-upload input[type=file]").set_input_files(uploads)
    page.wait_for_selector("#cited-docs-status .upload-report", timeout=120_000)
    assert "2 added" in page.locator("#cited-docs-status").inner_text()
    listed = documents_listed(page)
    assert set(listed) == {"valdoria.md", "brenmoor.html"} and min(listed.values()) >= 1
    assert page.evaluate("() => window.__progress")
    assert sorted(p.name for p in (work / "corpus").iterdir()) == ["brenmoor.html", "valdoria.md"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "documents-panel.png"))

    # A fresh page load shows the index as it is now, and opens on the chat.
    page.reload()
    page.wait_for_selector("#cited-question textarea")
    page.get_by_role("tab", name="Documents").click()
    page.wait_for_function("() => document.querySelectorAll('#cited-docs td.doc-name').length == 2")
    assert documents_listed(page) == listed

    # Each one answers its own question, cited.
    page.get_by_role("tab", name="Chat").click()
    assert not page.locator("#cited-empty").is_visible()
    ask(page, ASK_VALDORIA)
    assert page.locator("#cited-chat .answer").last.locator("a.cite-marker").count() >= 1
    assert page.locator("#src-1-1 .source-doc").inner_text() == "valdoria.md"
    ask(page, ASK_BRENMOOR)
    assert page.locator("#cited-chat .answer").last.locator("a.cite-marker").count() >= 1
    assert page.locator("#src-2-1 .source-doc").inner_text() == "brenmoor.html"

    # The cited document opens whole, at its highlighted span, scrolled into view.
    cited = page.locator("#src-1-1 mark").inner_text()
    page.locator("#src-1-1 a.open-doc").click()
    frame = page.frame_locator("#cited-viewer iframe")
    mark = frame.locator("mark#cited")
    mark.wait_for()
    assert mark.inner_text() == cited
    page.wait_for_timeout(300)
    in_view = mark.evaluate("""m => { const r = m.getBoundingClientRect();
        return window.scrollY > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""")
    assert in_view
    assert "Item 1 of the minutes" in frame.locator("main").inner_text()  # the whole document
    page.screenshot(path=str(ARTIFACTS / "document-viewer.png"))
    page.keyboard.press("Escape")
    assert page.locator("#cited-viewer").count() == 0

    # Removing one takes its answers with it; the other still answers.
    page.get_by_role("tab", name="Documents").click()
    page.locator("#cited-remove-choice input").click()
    page.get_by_role("option", name="valdoria.md").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#cited-remove").click()
    page.wait_for_function(
        "() => document.querySelector('#cited-docs-status').innerText.includes('Removed valdoria.md')"
    )
    assert set(documents_listed(page)) == {"brenmoor.html"}
    assert not (work / "corpus" / "valdoria.md").exists()
    page.get_by_role("tab", name="Chat").click()
    ask(page, ASK_VALDORIA)
    gone = page.locator("#cited-chat .answer").last
    assert gone.locator(".refusal").is_visible() and gone.locator("a.cite-marker").count() == 0
    ask(page, ASK_BRENMOOR)
    assert page.locator("#src-4-1 .source-doc").inner_text() == "brenmoor.html"

    time.sleep(0.5)
    assert requests and off_machine(requests) == []
    context.close()
