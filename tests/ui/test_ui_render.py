"""ui.render: escaping, marker links and highlighted spans, on hand-made answers."""

from __future__ import annotations

import html
import re

import pytest

from rag.answer import Answer, Citation
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
