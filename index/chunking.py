"""Sentence-aware chunks with a small overlap, each an exact slice of its document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.cleaning import kept_regions, noise_spans
from index.loaders import Document, hard_wrapped
from index.sentences import Span, paragraphs, sentences

# Bump when chunks change (their boundaries, or what they carry), so existing indexes are rebuilt
# rather than mixed. 3: each chunk carries its document's title.
CHUNKER_VERSION = "3"
MAX_CHARS = 700
OVERLAP_SENTENCES = 1
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")
HEADING_WORDS = 10  # an unpunctuated line this short is a section heading
TITLE_WORDS = 25  # a document's opening line may run longer and still be its title


@dataclass(frozen=True)
class Chunk:
    """A passage of a document: ``document.text[start:end] == text``."""

    source: str
    start: int
    end: int
    text: str
    section: str
    index: int
    count: int
    content_hash: str
    title: str = ""  # the document's title, when it opens with one: what the whole document is about

    @property
    def id(self) -> str:
        return f"{self.source}::{self.content_hash[:16]}::{self.index}"


def heading_text(text: str, span: Span, max_words: int = HEADING_WORDS) -> str | None:
    """The heading a paragraph spells, if it is one: Markdown '#', or a short unpunctuated line."""
    paragraph = text[span[0]:span[1]]
    if "\n" in paragraph:
        return None
    if match := _MARKDOWN_HEADING.match(paragraph):
        return match.group(1)
    words = paragraph.split()
    if 1 < len(words) <= max_words and paragraph[-1] not in ".!?:;,\"'’”)" and paragraph[0].isupper():
        return paragraph
    return None


def document_title(document: Document) -> str:
    """The heading the document opens with ("Jared Padalecki", "Wikinews interviews Christopher
    Hill, U.S. Republican Party presidential candidate"), or "" when it opens with a statement."""
    text = document.text
    for region in kept_regions(text, noise_spans(text)):
        for paragraph in paragraphs(text, *region):
            return heading_text(text, paragraph, TITLE_WORDS) or ""
    return ""


def _sections(document: Document) -> list[tuple[str, list[Span]]]:
    """Groups of sentence spans that a chunk may join: same section, no noise between them."""
    text, wrapped = document.text, hard_wrapped(document.source)
    groups: list[tuple[str, list[Span]]] = []
    section = ""
    for region in kept_regions(text, noise_spans(text)):
        current: list[Span] = []
        for paragraph in paragraphs(text, *region):
            if (heading := heading_text(text, paragraph)) is not None:
                if current:
                    groups.append((section, current))
                section, current = heading, [paragraph]
                continue
            current.extend(sentences(text, *paragraph, wrapped=wrapped))
        if current:
            groups.append((section, current))
    return groups


def _windows(spans: list[Span], max_chars: int, overlap: int) -> list[list[Span]]:
    windows, current = [], []
    for span in spans:
        if current and span[1] - current[0][0] > max_chars:
            windows.append(current)
            current = current[-overlap:] if overlap else []
            if current and span[1] - current[0][0] > max_chars:
                current = []
        current.append(span)
    if current:
        windows.append(current)
    return windows


def chunk_document(
    document: Document, max_chars: int = MAX_CHARS, overlap: int = OVERLAP_SENTENCES
) -> list[Chunk]:
    """Split a document into chunks that never cross noise or a section heading."""
    title = document_title(document)
    pieces = []
    for section, spans in _sections(document):
        for window in _windows(spans, max_chars, overlap):
            pieces.append((section, window[0][0], window[-1][1]))
    return [
        Chunk(
            source=document.source,
            start=start,
            end=end,
            text=document.text[start:end],
            section=section,
            index=i,
            count=len(pieces),
            content_hash=document.content_hash,
            title=title,
        )
        for i, (section, start, end) in enumerate(pieces)
    ]
