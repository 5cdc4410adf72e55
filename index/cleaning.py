"""Find web-page noise (share marks, "Also read" links, photo credits, tag footers) as spans.

Cleaning never rewrites text: it returns the spans to exclude, so everything kept still has
exact offsets into the original document.
"""

from __future__ import annotations

import re

from index.sentences import Span

_AGENCIES = (
    r"AP|AFP|Reuters|PTI|ANI|IANS|EPA|Getty Images|Getty|Bloomberg|Shutterstock|Xinhua|"
    r"File|File Photo|Representational Image|Twitter|X|Instagram|Facebook"
)
_NOISE_LINES = [
    re.compile(r"^[\s×✕✖✗xX•·|\-–—_*#=]{1,3}$"),  # stray close/share marks and rules
    re.compile(r"^(also read|read also|read more|also see|see also|related|recommended)\s*[|:]", re.I),
    re.compile(r"^(advertisement|sponsored|subscribe now|share this article|click here\b.*)$", re.I),
    re.compile(rf"^.{{0,300}}\|\s*(?:{_AGENCIES})\s*(?:/\s*[\w .]+)?$"),  # caption | AP
    re.compile(r"^(photo|image|picture|pic|file photo)\s*(credit)?\s*[:|(].{0,200}$", re.I),
    re.compile(r"^\(?(photo|image) (credit|courtesy)\b.{0,200}$", re.I),
]
_FOOTER = re.compile(r"^(TAGS|Tags:|Topics:|TOPICS)")


def _lines(text: str) -> list[Span]:
    spans, cursor = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    return spans


def noise_spans(text: str) -> list[Span]:
    """Spans of text[...] that are page furniture rather than article content."""
    excluded: list[Span] = []
    for start, end in _lines(text):
        line = text[start:end].strip()
        if not line:
            continue
        if _FOOTER.match(line):
            excluded.append((start, len(text)))
            break
        if any(pattern.match(line) for pattern in _NOISE_LINES):
            excluded.append((start, end))
    return excluded


def kept_regions(text: str, excluded: list[Span]) -> list[Span]:
    """The complement of the excluded spans, in order."""
    regions, cursor = [], 0
    for start, end in sorted(excluded):
        if start > cursor:
            regions.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < len(text):
        regions.append((cursor, len(text)))
    return regions


def has_content(text: str) -> bool:
    """True when something other than page furniture is left once the noise is excluded."""
    return any(text[start:end].strip() for start, end in kept_regions(text, noise_spans(text)))
