"""Sentence and paragraph boundaries as character spans, so text is never rewritten."""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int]

# Abbreviations whose trailing period does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "no", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g",
    "i.e", "a.m", "p.m",
}
# A sentence's end, with the footnote marks copied Wikipedia text puts after it ("unknown. [17] [15]").
_END = re.compile(r"[.!?…]+[\"'’”)\]]*(?:\s*\[\d+\])*(?=\s+|$)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_NEXT_CHAR = re.compile(r"\s*(\S)")
_SPACE = re.compile(r"\s")
_LINE_END = re.compile(r"[.!?…:][\"'’”)\]]*$")
_CONTINUATION = ",;:)]-–—%"
# A sentence longer than this has no real end (a log line, a table dumped as one line): it is cut,
# so no citation or chunk is unbounded. Real news sentences stay well under it.
MAX_SENTENCE_CHARS = 600
# A wrapped line fills most of its column; a heading or a paragraph's last line does not.
WRAP_FILL = 0.75


def trim(text: str, start: int, end: int) -> Span | None:
    """Shrink a span to exclude surrounding whitespace; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Blank-line separated paragraphs inside text[start:end], as trimmed spans."""
    end = len(text) if end is None else end
    spans, cursor = [], start
    for match in _PARAGRAPH_BREAK.finditer(text, start, end):
        if (span := trim(text, cursor, match.start())) is not None:
            spans.append(span)
        cursor = match.end()
    if (span := trim(text, cursor, end)) is not None:
        spans.append(span)
    return spans


def _is_abbreviation(text: str, period: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[max(0, period - 12):period])
    if word is None:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _line_spans(text: str, start: int, end: int) -> Iterator[Span]:
    cursor = start
    for line_end in [m.start() for m in re.finditer(r"\n", text[start:end])]:
        if (span := trim(text, cursor, start + line_end)) is not None:
            yield span
        cursor = start + line_end + 1
    if (span := trim(text, cursor, end)) is not None:
        yield span


def _continues(text: str, line: Span, following: Span, width: int) -> bool:
    """True when a hard-wrapped line runs on into the next one: same paragraph, no sentence end,
    and either the next line starts in lowercase or a digit, or this line fills the column."""
    if text.count("\n", line[1], following[0]) != 1 or _LINE_END.search(text, line[0], line[1]):
        return False
    first = text[following[0]]
    return first.islower() or first.isdigit() or first in _CONTINUATION or (
        line[1] - line[0] >= WRAP_FILL * width
    )


def _wrapped_lines(text: str, start: int, end: int) -> list[Span]:
    """Lines of text[start:end] with hard wraps joined: a heading or a short last line stays alone."""
    lines = list(_line_spans(text, start, end))
    lengths = [e - s for s, e in lines]
    joined: list[Span] = []
    for i, line in enumerate(lines):
        width = max(lengths[max(0, i - 3):i + 4])  # the column width around this line
        if joined and _continues(text, joined[-1], line, width):
            joined[-1] = (joined[-1][0], line[1])
        else:
            joined.append(line)
    return joined


def _bounded(text: str, span: Span, limit: int) -> Iterator[Span]:
    """A trimmed span cut into pieces of at most limit characters, each at the last whitespace
    before its limit (mid-run only where a run has no whitespace at all)."""
    start, end = span
    while end - start > limit:
        window = text[start + limit // 2:start + limit + 1]
        spaces = [m.start() for m in _SPACE.finditer(window)]
        cut = start + limit // 2 + spaces[-1] if spaces else start + limit
        if (piece := trim(text, start, cut)) is not None:
            yield piece
        if (rest := trim(text, cut, end)) is None:
            return
        start = rest[0]
    yield start, end


def sentences(
    text: str, start: int = 0, end: int | None = None, *, wrapped: bool = False,
    max_chars: int = MAX_SENTENCE_CHARS,
) -> list[Span]:
    """Sentence spans inside text[start:end], none longer than max_chars.

    A line break ends a sentence, unless ``wrapped`` says the text is hard-wrapped (a PDF text
    layer), where a single line break inside a sentence is only a wrap.
    """
    end = len(text) if end is None else end
    lines = _wrapped_lines(text, start, end) if wrapped else _line_spans(text, start, end)
    spans: list[Span] = []
    for line in lines:
        for span in _line_sentences(text, *line):
            spans.extend(_bounded(text, span, max_chars))
    return spans


def _line_sentences(text: str, line_start: int, line_end: int) -> Iterator[Span]:
    cursor = line_start
    for match in _END.finditer(text, line_start, line_end):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        following = _NEXT_CHAR.match(text, match.end(), line_end)
        if following and not (following.group(1).isupper() or following.group(1) in "\"'‘“(0123456789"):
            continue
        if (span := trim(text, cursor, match.end())) is not None:
            yield span
        cursor = match.end()
    if (span := trim(text, cursor, line_end)) is not None:
        yield span
