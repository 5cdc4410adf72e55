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
_END = re.compile(r"[.!?…]+[\"'’”)\]]*(?=\s+|$)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


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


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans inside text[start:end]; a line break always ends a sentence."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for line_start, line_end in _line_spans(text, start, end):
        cursor = line_start
        for match in _END.finditer(text, line_start, line_end):
            if text[match.start()] == "." and _is_abbreviation(text, match.start()):
                continue
            following = text[match.end():line_end].lstrip()
            if following and not (following[0].isupper() or following[0] in "\"'‘“(0123456789"):
                continue
            if (span := trim(text, cursor, match.end())) is not None:
                spans.append(span)
            cursor = match.end()
        if (span := trim(text, cursor, line_end)) is not None:
            spans.append(span)
    return spans
