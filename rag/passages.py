"""A cited passage seen in place: the paragraph around it, read from the corpus."""

from __future__ import annotations

from pathlib import Path

from index.loaders import UnreadableFile, load
from index.sentences import paragraphs


def paragraph_context(corpus_dir: Path, citation) -> tuple[str, str, str]:
    """(before, cited, after) within the cited text's paragraph; just the cited text if unreadable."""
    path = corpus_dir / citation.source
    try:
        text = load(path, corpus_dir).text
    except (UnreadableFile, ValueError):
        return "", citation.text, ""
    if text[citation.start:citation.end] != citation.text:
        return "", citation.text, ""  # the file changed since it was indexed
    for start, end in paragraphs(text):
        if start <= citation.start and citation.end <= end:
            return text[start:citation.start], citation.text, text[citation.end:end]
    return "", citation.text, ""
