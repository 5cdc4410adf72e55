"""The chat in a real browser: cited answers, clickable sources, follow-ups, safety, refusals."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
ANSWER_TIMEOUT_MS = 120_000
XSS = "<img src=x onerror=window.__xss=1> <script>window.__xss=2</script> Why is Homs significant?"


def off_machine(urls: list[str]) -> list[str]:
    """The URLs whose host is not this machine's loopback."""
    return [u for u in urls if urlsplit(u).scheme not in ("data", "blob")
            and urlsplit(u).hostname not in LOCAL_HOSTS]


def ask(page, question: str) -> None:
    """Type a question, press Enter, and wait until its turn is finished."""
    done = page.locator("#cited-chat .answer-meta, #cited-chat .error-note").count()
    box = page.locator("#cited-question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#cited-chat .answer-meta, #cited-chat .error-note')"
        ".length > n",
        arg=done, timeout=ANSWER_TIMEOUT_MS,
    )


def test_page_loads_with_no_request_leaving_the_machine(page):
    page.wait_for_selector("#cited-status")
    time.sleep(1)  # late fonts, icons and scripts
    assert "Cited" in page.locator(".cited-header .brand").inner_text()
    assert "chunk" in page.locator("#cited-status").inner_text()
    assert page.requests and off_machine(page.requests) == []


def test_asking_shows_a_cited_answer_with_source_cards(page):
    ask(page, "Why is Homs significant?")
    answer = page.locator("#cited-chat .answer").last
    assert answer.locator("a.cite-marker", has_text="[1]").count() == 1
    assert page.locator("#src-1-1").is_visible()
    assert "ms" in answer.locator(".timings").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#cited-chat a.cite-marker").first.click()
    page.screenshot(path=str(ARTIFACTS / "ui-answer.png"))
    assert off_machine(page.requests) == []


def expected_citation(env: dict, question: str) -> dict:
    """Citation [1] of the same question, from `rag ask --json` over the same index."""
    rag = Path(sys.executable).parent / "rag"
    if not rag.exists():
        pytest.skip("needs the rag CLI")
    out = subprocess.run([str(rag), "ask", "--json", question], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["citations"][0]


def test_clicking_a_marker_highlights_the_cited_span(page, chat_env):
    ask(page, "Why is Homs significant?")
    page.locator("#cited-chat a.cite-marker", has_text="[1]").first.click()
    page.wait_for_function("() => document.querySelector('#src-1-1').classList.contains('focused')")
    card = page.locator("#src-1-1")
    assert card.is_visible()
    citation = expected_citation(chat_env, "Why is Homs significant?")
    assert card.locator("mark").text_content() == citation["text"]
    assert citation["source"] in card.locator(".source-doc").text_content()


def test_a_follow_up_uses_the_conversation(page):
    ask(page, "Which cities did the rebels capture?")
    ask(page, "And who sent forces to stop them?")
    second = page.locator("#cited-chat .answer").nth(1)
    assert second.locator(".refusal").count() == 0
    assert second.locator("a.cite-marker").count() >= 1
    assert "Hezbollah" in page.locator("#sources-2").inner_text()


def test_markup_in_a_question_is_shown_as_text(page):
    ask(page, XSS)
    time.sleep(0.5)
    assert page.evaluate("() => window.__xss") is None
    user = page.locator("#cited-chat .user-text").last.inner_text()
    assert "<img src=x onerror=window.__xss=1>" in user and "<script>" in user
    assert page.locator("#cited-chat img[src='x']").count() == 0


def test_an_out_of_scope_question_is_refused(page):
    ask(page, "Who won the 2022 World Cup?")
    last = page.locator("#cited-chat .answer").last
    assert last.locator(".refusal").is_visible()
    assert last.locator("a.cite-marker").count() == 0


def test_latency_from_enter_to_first_token_and_final_answer(page):
    # Timestamps are taken in the page, so they include the queue, streaming and rendering.
    page.evaluate("""() => {
        window.__t = {};
        new MutationObserver(() => {
          const now = performance.now();
          const draft = document.querySelector('#cited-chat .draft');
          if (!window.__t.first && (draft && draft.innerText.length > 12 ||
              document.querySelector('#cited-chat .answer-meta'))) window.__t.first = now;
          if (!window.__t.final && document.querySelector('#cited-chat .answer-meta'))
            window.__t.final = now;
        }).observe(document.body, {childList: true, subtree: true, characterData: true});
    }""")
    box = page.locator("#cited-question textarea")
    box.fill("Why is Homs significant?")
    start = page.evaluate("() => performance.now()")
    box.press("Enter")
    page.wait_for_function("() => window.__t.final", timeout=ANSWER_TIMEOUT_MS)
    t = page.evaluate("() => window.__t")
    first, final = t["first"] - start, t["final"] - start
    print(f"\nlatency: first token {first:.0f} ms, final cited answer {final:.0f} ms")
    assert 0 < first <= final
