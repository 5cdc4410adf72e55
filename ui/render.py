"""Pure functions that turn answers into safe HTML for the chat and the source panel."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from rag.markers import MARKER as _MARKER
from rag.markers import MARKER_PATTERN

if TYPE_CHECKING:
    from rag import Answer, AnswerSentence, Citation

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

DOCUMENT_ROUTE = "/cited/document"

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


def render_sentences(sentences: Iterable[AnswerSentence], turn: int, known: Iterable[int]) -> str:
    """The answer sentence by sentence as the chain built it, each in a span naming its citations."""
    known = list(known)
    spans = []
    for sentence in sentences:
        cited = " ".join(f"c{n}" for n in sentence.citations if n in known)
        body = link_markers(sentence.text, turn, known)
        spans.append(f'<span class="claim {cited}">{body}</span>' if cited else body)
    return " ".join(spans)


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


def render_answer(answer: Answer, turn: int, closest: list[dict] | None = None) -> str:
    """The final answer: refusal block or cited text, degraded note, timings and a Copy link.

    ``closest`` are the passages retrieved for a refused question, shown collapsed with the reason.
    """
    if answer.refused:
        body = render_refusal(answer, closest or [])
    else:
        known = [c.n for c in answer.citations]
        sentences = getattr(answer, "sentences", None)
        text = render_sentences(sentences, turn, known) if sentences else render_claims(answer.text, turn, known)
        body = f'<div class="answer-text">{text}</div>'
    notes = ""
    if answer.degraded:
        reason = getattr(answer, "degraded_reason", None)
        why = f" ({escape_text(reason)})" if reason else ""
        notes = f'<div class="note degraded-note">LLM unavailable{why} — showing quoted passages</div>'
    mode = escape_text(answer.mode)
    meta = (
        f'<div class="answer-meta"><span class="mode mode-{mode}">{mode}</span>'
        f'<span class="timings">{escape_text(format_timings(answer.timings_ms))}</span>'
        f'<a class="copy-answer" href="#copy-{turn}" title="Copy the answer and its sources as text">'
        "Copy</a></div>"
    )
    # The text the Copy link puts on the clipboard; newlines as entities, so Markdown keeps them.
    copy = escape_text(plain_answer(answer)).replace("<br>", "&#10;")
    return (
        f'<div class="answer turn-{turn}">{body}{notes}{meta}'
        f'<div class="copy-text">{copy}</div></div>'
    )


def plain_answer(answer: Answer) -> str:
    """The answer as plain text: [n] markers kept, then a numbered list of its sources."""
    lines = [answer.text.strip()]
    reason = getattr(answer, "refusal_reason", None)
    if answer.refused and reason:
        lines.append(f"Why: {reason}")
    if answer.citations:
        lines += ["", "Sources:"]
        lines += [
            f"[{c.n}] {c.source}, characters {c.start}-{c.end}: \u201c{' '.join(c.text.split())}\u201d"
            for c in answer.citations
        ]
    return "\n".join(lines)


def render_refusal(answer: Answer, closest: list[dict]) -> str:
    """A refusal: what it says, why in words when the chain gave a reason, the closest passages."""
    reason = getattr(answer, "refusal_reason", None)
    why = f'<div class="refusal-reason">Why: {escape_text(reason)}</div>' if reason else ""
    return (
        '<div class="refusal"><div class="refusal-title">Not in the documents</div>'
        f'<div class="refusal-text">{escape_text(answer.text)}</div>{why}'
        f"{render_closest(closest)}</div>"
    )


CLOSEST_CHARS = 320  # enough of each passage to judge it by


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CLOSEST_CHARS else text[: CLOSEST_CHARS - 1].rsplit(" ", 1)[0] + " …"


def render_closest(passages: list[dict]) -> str:
    """The passages retrieved for a refused question, collapsed, so a reader can judge."""
    if not passages:
        return ""
    items = "".join(
        f'<li><span class="closest-doc">{escape_text(p["source"])}</span> '
        f'<span class="closest-text">{escape_text(_shortened(str(p["text"])))}</span></li>'
        for p in passages
    )
    return (
        f'<details class="closest"><summary>Closest passages ({len(passages)}), '
        f"none of which answers it</summary><ol>{items}</ol></details>"
    )


def render_source_card(citation: Citation, turn: int, context: ContextFn | None) -> str:
    """One source card: document name, the passage in its paragraph, the cited span marked."""
    passage = _passage_html(citation, context)
    return (
        f'<div class="source-card" id="{source_id(turn, citation.n)}" data-n="{citation.n}">'
        f'<div class="source-head"><span class="source-n">{citation.n}</span>'
        f'<span class="source-doc">{escape_text(citation.source)}</span>'
        f'<span class="source-score">score {citation.score:.2f}</span></div>'
        f'<div class="source-passage">{passage}</div>'
        f'<div class="source-offsets">characters {citation.start}–{citation.end}'
        f'{_open_link(citation)}</div></div>'
    )


def document_url(source: str, start: int, end: int) -> str:
    """The page that shows a whole document with characters start:end highlighted."""
    query = urlencode({"source": source, "start": int(start), "end": int(end)})
    return f"{DOCUMENT_ROUTE.lstrip('/')}?{query}#cited"


def _open_link(citation: Citation) -> str:
    # Relative, so it works under a proxy's path prefix too.
    url = html.escape(document_url(citation.source, citation.start, citation.end), quote=True)
    return (
        f'<a class="open-doc" href="{url}" target="_blank" rel="noopener" '
        f'title="Open the whole document at this passage">Open document</a>'
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


LLM_STATES = {
    "ready": "ready", "starting": "starting…", "configured": "not called yet",
    "stopped": "starts with the first question", "down": "down", "off": "off",
}


def render_header(info: dict, llm: dict | None = None) -> str:
    """The product header with a status line: corpus, document and chunk counts, the LLM's state.

    ``llm`` is the Assistant's llm_status() ({"state", "detail", "reason"}); without it the
    configured name from info() is shown.
    """
    corpus = str(info.get("corpus", "")).rstrip("/").rsplit("/", 1)[-1] or "corpus"
    status = (
        f"<b>{escape_text(corpus)}</b> · {_count(info.get('documents', 0), 'document')} · "
        f"{_count(info.get('chunks', 0), 'chunk')} · {render_llm_state(info, llm)}"
    )
    return (
        '<div class="cited-header"><div class="brand">Cited<span class="dot">.</span></div>'
        '<div class="tagline">Answers from your documents, every sentence traced to its source</div>'
        f'<div class="status" id="cited-status">{status}</div></div>'
    )


def render_llm_state(info: dict, llm: dict | None) -> str:
    """'LLM: <name> · <state>', with the reason when it is down."""
    if not llm:
        return f'<span class="llm">LLM: {escape_text(str(info.get("llm") or "none"))}</span>'
    state = str(llm.get("state") or "")
    words = LLM_STATES.get(state, state)
    if state == "down" and llm.get("reason"):
        words = f"down: {llm['reason']}"
    if state == "off":
        return '<span class="llm llm-off"><span class="llm-dot"></span>LLM off: answers quote the documents</span>'
    return (
        f'<span class="llm llm-{escape_text(state)}"><span class="llm-dot"></span>'
        f'LLM: {escape_text(str(llm.get("detail") or ""))} · {escape_text(words)}</span>'
    )


def _count(n: int, noun: str) -> str:
    n = int(n)
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
