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


def test_copy_puts_plain_text_with_numbered_sources_on_the_clipboard(browser, chat_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=chat_url.rstrip("/"))
    page = context.new_page()
    page.goto(chat_url)
    page.wait_for_selector("#cited-question textarea")
    ask(page, "Why is Homs significant?")
    page.locator("#cited-chat .answer").last.locator("a.copy-answer").click()
    page.wait_for_selector("#cited-chat a.copy-answer.copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    context.close()
    assert "<" not in copied and "class=" not in copied
    assert "[1]" in copied.split("\n\nSources:\n")[0]
    assert "\n\nSources:\n[1] syria-rebels-advance-on-homs.txt, characters " in copied


def _contrast(page, selector: str) -> float:
    """WCAG contrast of an element's text against the first opaque background behind it."""
    return page.evaluate("""sel => {
        const el = document.querySelector(sel);
        const rgb = c => c.match(/[\\d.]+/g).map(Number);
        const lum = ([r, g, b]) => {
          const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        let bg = null;
        for (let n = el; n; n = n.parentElement) {
          const c = rgb(getComputedStyle(n).backgroundColor);
          if (c.length < 4 || c[3] > 0.9) { bg = c; break; }
        }
        bg = bg || [255, 255, 255];
        const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""", selector)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_title_corpus_and_sources_are_readable_in_both_themes(page, chat_url, theme):
    page.goto(f"{chat_url}?__theme={theme}")
    page.wait_for_selector("#cited-sources-title")
    assert page.evaluate("() => document.body.classList.contains('dark')") is (theme == "dark")
    for selector in [".cited-header .brand", ".cited-header .status b", "#cited-sources-title"]:
        assert _contrast(page, selector) >= 4.5, (theme, selector)


def test_a_refusal_shows_the_closest_passages_collapsed(page):
    ask(page, "Who won the 2022 World Cup?")
    refusal = page.locator("#cited-chat .answer").last.locator(".refusal")
    closest = refusal.locator("details.closest")
    assert closest.count() == 1 and not closest.locator("li").first.is_visible()
    closest.locator("summary").click()
    assert closest.locator("li").first.is_visible()
    assert "syria-rebels-advance-on-homs.txt" in closest.locator(".closest-doc").first.inner_text()


def test_the_seed_corpus_offers_its_example_questions_and_the_llm_state(page, chat_env):
    assert page.locator("#cited-examples").is_visible()
    assert not page.locator("#cited-empty").is_visible()
    status = page.locator("#cited-status").inner_text()
    if chat_env["RAG_LLM"] == "none":
        assert "LLM off: answers quote the documents" in status
    else:  # the state, not just the configured name
        assert any(f" · {state}" in status for state in ("ready", "starting", "down", "not called"))
