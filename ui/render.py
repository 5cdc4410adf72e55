"""Pure functions that turn answers into safe HTML for the chat and the source panel."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rag.markers import MARKER as _MARKER
from rag.markers import MARKER_PATTERN

if TYPE_CHECKING:
    from rag import Answer, Citation

# Characters that HTML, Markdown or templates would read as syntax. The Chatbot renders Markdown,
# so user and document text becomes entities that only the browser decodes, as text. One pass
# over a superset of html.escape's table: escaping in two passes would mangle the entities.
_TEXT_ENTITIES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;",
    "\\": "&#92;", "$": "&#36;", "~": "&#126;", "#": "&#35;", "|": "&#124;",
    "{": "&#123;", "}": "&#125;",
}
_TEXT_ESCAPE = str.maketrans(_TEXT_ENTITIES)
# Markers may sit before the sentence's closing punctuation: "...strongholds [1]." keeps the "."
_MARKER_RUN = re.compile(rf"((?:\s*{MARKER_PATTERN})+[.,;:!?\"'”’)]*)")

ContextFn = Callable[["Citation"], tuple[str, str, str]]


def escape_text(text: str) -> str:
    """Escape text so that neither HTML nor Markdown can read anything in it as markup."""
    escaped = str(text).translate(_TEXT_ESCAPE)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def source_id(turn: int, n: int) -> str:
    """The DOM id of source card ``n`` of answer ``turn``."""
    return f"src-{turn}-{n}"


def marker_link(turn: int, n: int) -> str:
    """A clickable [n] marker that points at its source card."""
    target = source_id(turn, n)
    return (
        f'<a class="cite-marker" href="#{target}" title="Show source {n}">[{n}]</a>'
    )


def link_markers(text: str, turn: int, known: Iterable[int]) -> str:
    """Escape ``text`` and turn each [n] that names a known citation into a link."""
    known = set(known)
    out, pos = [], 0
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        out.append(escape_text(text[pos : match.start()]))
        out.append(marker_link(turn, n) if n in known else escape_text(match.group(0)))
        pos = match.end()
    out.append(escape_text(text[pos:]))
    return "".join(out)


def claims(text: str) -> list[str]:
    """Split answer text into claims: each run of text with the markers that close it."""
    parts = _MARKER_RUN.split(text)
    pairs = [parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2)]
    return [claim for claim in [*pairs, parts[-1]] if claim]


def render_claims(text: str, turn: int, known: Iterable[int]) -> str:
    """Wrap each claim in a span so a reader sees which sentence each marker covers."""
    known = list(known)
    spans = []
    for claim in claims(text):
        cited = " ".join(f"c{n}" for n in _marker_numbers(claim) if n in known)
        body = link_markers(claim, turn, known)
        spans.append(f'<span class="claim {cited}">{body}</span>' if cited else body)
    return "".join(spans)


def _marker_numbers(text: str) -> list[int]:
    return [int(n) for n in _MARKER.findall(text)]


def highlight_span(text: str, start: int, end: int) -> str:
    """Escape ``text`` and mark ``text[start:end]``, clamping offsets to the text."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    before, cited, after = text[:start], text[start:end], text[end:]
    return highlight_parts(before, cited, after)


def highlight_parts(before: str, cited: str, after: str) -> str:
    """Escape a passage given as (before, cited, after) and mark the cited part."""
    return (
        f"{escape_text(before)}<mark>{escape_text(cited)}</mark>{escape_text(after)}"
    )


def format_timings(timings: dict[str, int]) -> str:
    """One line of per-answer timings, e.g. 'retrieve 14 ms · generate 610 ms · total 640 ms'."""
    parts = [
        f"{name} {int(timings[name])} ms"
        for name in ("retrieve", "generate", "total")
        if name in timings
    ]
    return " · ".join(parts)


def render_question(text: str) -> str:
    """A user's question, shown as plain text."""
    return f'<div class="user-text">{escape_text(text)}</div>'


def render_draft(text: str) -> str:
    """The answer as it streams in, before it is verified."""
    return (
        f'<div class="answer draft"><span class="draft-label">Drafting…</span> '
        f"{escape_text(text)}</div>"
    )


def render_error(message: str) -> str:
    """A one-line error note in the chat."""
    return f'<div class="note error-note">⚠ {escape_text(message)}</div>'


def render_answer(answer: Answer, turn: int) -> str:
    """The final answer: refusal block or cited text, degraded note, and timings."""
    if answer.refused:
        body = (
            '<div class="refusal"><div class="refusal-title">Not in the documents</div>'
            f'<div class="refusal-text">{escape_text(answer.text)}</div></div>'
        )
    else:
        known = [c.n for c in answer.citations]
        body = f'<div class="answer-text">{render_claims(answer.text, turn, known)}</div>'
    notes = ""
    if answer.degraded:
        notes = '<div class="note degraded-note">LLM unavailable — showing quoted passages</div>'
    mode = escape_text(answer.mode)
    meta = (
        f'<div class="answer-meta"><span class="mode mode-{mode}">{mode}</span>'
        f'<span class="timings">{escape_text(format_timings(answer.timings_ms))}</span></div>'
    )
    return f'<div class="answer turn-{turn}">{body}{notes}{meta}</div>'


def render_source_card(citation: Citation, turn: int, context: ContextFn | None) -> str:
    """One source card: document name, the passage in its paragraph, the cited span marked."""
    passage = _passage_html(citation, context)
    return (
        f'<div class="source-card" id="{source_id(turn, citation.n)}" data-n="{citation.n}">'
        f'<div class="source-head"><span class="source-n">{citation.n}</span>'
        f'<span class="source-doc">{escape_text(citation.source)}</span>'
        f'<span class="source-score">score {citation.score:.2f}</span></div>'
        f'<div class="source-passage">{passage}</div>'
        f'<div class="source-offsets">characters {citation.start}–{citation.end}</div></div>'
    )


def _passage_html(citation: Citation, context: ContextFn | None) -> str:
    # The paragraph around the span helps a reader judge it; the span alone still proves it.
    if context is not None:
        try:
            before, cited, after = context(citation)
            return highlight_parts(before, cited, after)
        except Exception:  # noqa: BLE001 - a missing paragraph must not hide the citation
            pass
    return highlight_parts("", citation.text, "")


def render_turn_sources(
    answer: Answer, question: str, turn: int, context: ContextFn | None
) -> str:
    """The group of source cards for one answer, labelled with its question."""
    if answer.refused or not answer.citations:
        cards = '<div class="sources-empty">No passages cited for this answer.</div>'
    else:
        cards = "".join(render_source_card(c, turn, context) for c in answer.citations)
    return (
        f'<section class="source-group" id="sources-{turn}" data-turn="{turn}">'
        f'<div class="source-question">Q{turn}: {escape_text(question)}</div>{cards}</section>'
    )


def render_sources(groups: list[str]) -> str:
    """The whole source panel: newest answer first, or a hint before the first question."""
    if not groups:
        return (
            '<div class="sources-placeholder">Ask a question: every passage the answer '
            "quotes appears here, with the cited words highlighted.</div>"
        )
    return '<div class="sources">' + "".join(reversed(groups)) + "</div>"


def render_header(info: dict) -> str:
    """The product header with a status line: corpus, document and chunk counts, LLM."""
    corpus = str(info.get("corpus", "")).rstrip("/").rsplit("/", 1)[-1] or "corpus"
    llm = str(info.get("llm") or "none")
    status = (
        f"<b>{escape_text(corpus)}</b> · {_count(info.get('documents', 0), 'document')} · "
        f"{_count(info.get('chunks', 0), 'chunk')} · LLM: {escape_text(llm)}"
    )
    return (
        '<div class="cited-header"><div class="brand">Cited<span class="dot">.</span></div>'
        '<div class="tagline">Answers from the news, every sentence traced to its source</div>'
        f'<div class="status" id="cited-status">{status}</div></div>'
    )


def _count(n: int, noun: str) -> str:
    n = int(n)
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
