"""ui.render: escaping, marker links and highlighted spans, on hand-made answers."""

from __future__ import annotations

import html
import re

import pytest

from rag.answer import Answer, AnswerSentence, Citation
from ui import render

DOC = "Intro line.\nHoms is a key crossroads city linking Damascus to the coast. More text.\n"
SPAN = "Homs is a key crossroads city linking Damascus to the coast."
START = DOC.index(SPAN)
XSS = '<img src=x onerror=window.__xss=1><script>window.__xss=2</script>'


def citation(n: int = 1, text: str = SPAN, start: int = START, source: str = "doc.txt") -> Citation:
    return Citation(n=n, source=source, text=text, start=start, end=start + len(text), score=0.83)


def answer(text: str = f"{SPAN} [1]", **kw) -> Answer:
    kw.setdefault("citations", [citation()])
    kw.setdefault("timings_ms", {"retrieve": 14, "generate": 610, "total": 640})
    return Answer(question="Why is Homs significant?", text=text, refused=False, **kw)


def context(c: Citation) -> tuple[str, str, str]:
    para_start = DOC.rfind("\n", 0, c.start) + 1
    para_end = DOC.find("\n", c.end)
    return DOC[para_start:c.start], DOC[c.start:c.end], DOC[c.end:para_end]


def visible_text(fragment: str) -> str:
    """What a browser shows: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("text", [XSS, "a & b", "**bold** _it_ `code`", "[x](javascript:1)",
                                  "$$x$$ {{t}} ${v}", "# head | cell ~~s~~", "quote \" and '"])
def test_escape_text_leaves_no_markup(text):
    out = render.escape_text(text)
    bare = re.sub(r"&(#\d+|[a-z]+);", "", out.replace("<br>", ""))
    assert not re.search(r"[<>*_`\[\]$#|~{}\"'&]", bare)
    assert html.unescape(out) == text


def test_escape_text_turns_newlines_into_breaks():
    assert render.escape_text("a\nb\r\nc") == "a<br>b<br>c"


def test_markers_become_links_to_their_source_cards():
    out = render.render_answer(answer(), turn=3)
    assert 'href="#src-3-1"' in out and 'class="answer turn-3"' in out
    assert ">[1]</a>" in out


def test_markers_without_a_citation_stay_text():
    out = render.link_markers("claim [7]", turn=1, known=[1])
    assert "<a" not in out and visible_text(out) == "claim [7]"


def test_each_claim_is_tagged_with_the_citations_that_close_it():
    text = "First claim. [1] Second claim. [2][1] Tail."
    assert render.claims(text) == ["First claim. [1]", " Second claim. [2][1]", " Tail."]
    assert render.claims("One [1]. Two [2].") == ["One [1].", " Two [2]."]
    out = render.render_claims(text, turn=1, known=[1, 2])
    assert '<span class="claim c1">First claim. ' in out
    assert '<span class="claim c2 c1">' in out
    assert visible_text(out) == text


def test_an_answer_s_own_sentences_decide_which_citations_each_covers():
    # A quoted source's text may look like markers; the chain's sentence structure, not parsing, decides.
    sentences = [AnswerSentence("Aleppo fell [1].", (1,)), AnswerSentence("Hama fell too [2][1].", (2, 1))]
    citations = [Citation(n, "a.txt", "x", 0, 1, 0.5) for n in (1, 2)]
    shown = Answer("q", "Aleppo fell [1]. Hama fell too [2][1].", False, citations, sentences=sentences)

    out = render.render_answer(shown, turn=3)

    assert '<span class="claim c1">Aleppo fell' in out and '<span class="claim c2 c1">Hama fell too' in out
    assert out.count('class="cite-marker"') == 3


def test_answer_text_from_the_model_is_escaped():
    out = render.render_answer(answer(text=f"{XSS} [1]"), turn=1)
    assert "<img" not in out and "<script" not in out
    assert XSS in visible_text(out)


def test_highlight_span_marks_exactly_the_offsets():
    out = render.highlight_span(DOC, START, START + len(SPAN))
    marked = re.search(r"<mark>(.*?)</mark>", out).group(1)
    assert html.unescape(marked) == DOC[START:START + len(SPAN)] == SPAN
    assert visible_text(out.replace("<br>", "\n")) == DOC


def test_highlight_span_clamps_bad_offsets():
    assert render.highlight_span("abc", -5, 99) == "<mark>abc</mark>"
    assert render.highlight_span("abc", 2, 1) == "ab<mark></mark>c"


def test_source_card_shows_the_paragraph_with_the_cited_span_marked():
    c = citation()
    out = render.render_source_card(c, turn=2, context=context)
    assert 'id="src-2-1"' in out and "doc.txt" in out
    assert html.unescape(re.search(r"<mark>(.*?)</mark>", out).group(1)) == c.text
    assert "More text." in out and "Intro line." not in out


def test_source_card_escapes_document_text_and_name():
    c = citation(text=XSS, start=0, source="<b>evil</b>.txt")
    out = render.render_source_card(c, turn=1, context=lambda _: ("<i>", XSS, "</i>"))
    assert "<img" not in out and "<script" not in out and "<b>" not in out and "<i>" not in out
    assert XSS in visible_text(out)


def test_source_card_falls_back_to_the_span_when_context_fails():
    def broken(_):
        raise KeyError("gone")

    out = render.render_source_card(citation(), turn=1, context=broken)
    assert html.unescape(re.search(r"<mark>(.*?)</mark>", out).group(1)) == SPAN


def test_refusal_is_a_distinct_block_without_markers():
    refused = Answer(question="Who won?", text="The documents don't say.", refused=True,
                     mode="refused", timings_ms={"retrieve": 3, "generate": 0, "total": 3})
    out = render.render_answer(refused, turn=1)
    assert 'class="refusal"' in out and "cite-marker" not in out
    assert "mode-refused" in out


def test_degraded_answer_carries_a_note():
    out = render.render_answer(answer(degraded=True), turn=1)
    assert "LLM unavailable — showing quoted passages" in out
    assert "degraded-note" not in render.render_answer(answer(), turn=1)
    crashed = answer(degraded=True)
    crashed.degraded_reason = "local LLM crashed"
    assert "LLM unavailable (local LLM crashed) — showing" in render.render_answer(crashed, turn=1)


def test_timings_are_shown_per_answer():
    assert render.format_timings({"retrieve": 14, "generate": 610, "total": 640}) == (
        "retrieve 14 ms · generate 610 ms · total 640 ms"
    )
    assert "total 640 ms" in render.render_answer(answer(), turn=1)


def test_sources_panel_lists_newest_answer_first():
    first = render.render_turn_sources(answer(), "q one", 1, context)
    second = render.render_turn_sources(answer(), "q two", 2, context)
    out = render.render_sources([first, second])
    assert out.index('id="sources-2"') < out.index('id="sources-1"')
    assert "Ask a question" in render.render_sources([])


def test_header_status_counts_and_escapes():
    info = {"corpus": "/data/<news>", "documents": 3, "chunks": 41, "llm": "none"}
    out = render.render_header(info)
    assert "Cited" in out and "3 documents" in out and "41 chunks" in out
    assert "1 document ·" in render.render_header({"documents": 1, "chunks": 2})
    assert "<news>" not in out and "&lt;news&gt;" in out


def copy_text(fragment: str) -> str:
    """What the Copy link puts on the clipboard: the hidden copy-text's text."""
    return html.unescape(re.search(r'<div class="copy-text">(.*?)</div>', fragment, re.S).group(1))


def test_copy_gives_plain_text_with_markers_and_numbered_sources():
    two = answer(text=f"{SPAN} [1] More. [2]", citations=[citation(), citation(2, "More text.", 70)])
    out = render.render_answer(two, turn=4)
    text = copy_text(out)
    assert "<" not in text and "&" not in text
    assert text == (
        f"{SPAN} [1] More. [2]\n\nSources:\n"
        f"[1] doc.txt, characters {START}-{START + len(SPAN)}: “{SPAN}”\n"
        "[2] doc.txt, characters 70-80: “More text.”"
    )
    assert 'class="copy-answer" href="#copy-4"' in out


def test_copy_text_keeps_its_newlines_through_markdown():
    out = render.render_answer(answer(), turn=1)
    raw = re.search(r'<div class="copy-text">(.*?)</div>', out, re.S).group(1)
    assert "\n" not in raw and "<br>" not in raw and "&#10;" in raw


def refused(**extra) -> Answer:
    made = Answer(question="What is the population of Damascus?", text="The documents don't say.",
                  refused=True, mode="refused")
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def test_a_refusal_says_why_when_the_chain_gives_a_reason():
    reason = "the documents never mention a population figure for Damascus"
    out = render.render_answer(refused(refusal_reason=reason), turn=1)
    assert f"Why: {reason}" in visible_text(out)
    assert f"Why: {reason}" in copy_text(out)
    assert "refusal-reason" not in render.render_answer(refused(), turn=1)


def test_a_refusal_shows_the_closest_passages_collapsed():
    closest = [{"source": "homs.txt", "text": "Homs is a  crossroads\ncity. " + "word " * 200, "score": 0.1},
               {"source": "<x>.txt", "text": XSS, "score": 0.05}]
    out = render.render_answer(refused(), turn=1, closest=closest)
    details = re.search(r'<details class="closest">.*</details>', out, re.S).group(0)
    assert "<details class=\"closest\" open" not in out  # collapsed until opened
    assert "Closest passages (2)" in details and "Homs is a crossroads city." in visible_text(details)
    assert len(visible_text(details)) < 1000  # each passage cut short
    assert "<img" not in details and "<x>" not in details


def test_source_cards_link_to_the_whole_document_at_the_span():
    out = render.render_source_card(citation(source="dir/my doc&.txt"), turn=1, context=None)
    href = html.unescape(re.search(r'class="open-doc" href="([^"]+)"', out).group(1))
    assert href == f"cited/document?source=dir%2Fmy+doc%26.txt&start={START}&end={START + len(SPAN)}#cited"


@pytest.mark.parametrize("status, shown", [
    ({"state": "ready", "detail": "gemma-3-270m (local llama.cpp)", "reason": None},
     "LLM: gemma-3-270m (local llama.cpp) · ready"),
    ({"state": "starting", "detail": "gemma-3-270m", "reason": None}, "LLM: gemma-3-270m · starting…"),
    ({"state": "down", "detail": "gemma-3-270m", "reason": "local LLM crashed"},
     "LLM: gemma-3-270m · down: local LLM crashed"),
    ({"state": "off", "detail": "none (extractive answers)", "reason": None},
     "LLM off: answers quote the documents"),
])
def test_header_shows_the_llm_state_not_just_its_name(status, shown):
    out = render.render_header({"documents": 1, "chunks": 2, "llm": "configured-name"}, status)
    assert shown in visible_text(out) and "configured-name" not in out
    assert f"llm-{status['state']}" in out


def test_header_falls_back_to_the_configured_name():
    assert "LLM: my-model" in visible_text(render.render_header({"llm": "my-model"}))
