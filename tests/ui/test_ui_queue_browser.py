"""Waiting for a free worker, in a real browser: a queued question shows its place in the queue."""

from __future__ import annotations

import sys

import pytest

from tests.ui.conftest import CHROMIUM, ROOT, serving

pytestmark = pytest.mark.slow

QUESTION = "Why is Homs significant?"
SHOWS_QUEUE_PLACE = """() => Array.from(document.querySelectorAll('#cited-chat .progress-text')).some(e =>
    /queue: \\d+\\/\\d+/.test(e.innerText) && e.checkVisibility({opacityProperty: true, visibilityProperty: true}))"""


@pytest.fixture(scope="module")
def one_worker_url(tmp_path_factory, chat_env):
    """The chat over a slow stand-in assistant, answering one question at a time."""
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium (apt-get install -y chromium)")
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'tests/fixtures/ui')!r});"
        "from fake_assistant import FakeAssistant; from ui.app import launch;"
        f"launch(FakeAssistant({chat_env['RAG_CORPUS_DIR']!r}, delay=0.25), port=int(sys.argv[-1]),"
        " concurrency=1)"
    )
    log = tmp_path_factory.mktemp("queue") / "server.log"
    with serving([sys.executable, "-c", code], chat_env, log) as url:
        yield url


def test_a_waiting_question_shows_its_place_in_the_queue(browser, one_worker_url):
    contexts = [browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(3)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.goto(one_worker_url)
            page.wait_for_selector("#cited-question textarea")
        for page in pages:
            page.locator("#cited-question textarea").fill(QUESTION)
            page.locator("#cited-question textarea").press("Enter")
        # The third asker waits behind two: its conversation says where it stands...
        last = pages[-1]
        # (Gradio keeps a hidden tracker in the page at opacity 0, which Playwright calls visible.)
        last.wait_for_function(SHOWS_QUEUE_PLACE, timeout=30_000)
        # ...and it is answered in its turn, not dropped.
        last.wait_for_selector("#cited-chat .answer-meta", timeout=120_000)
        assert pages[0].locator("#cited-chat .answer-meta").count() == 1
    finally:
        for context in contexts:
            context.close()
