"""The text a citation's offsets index into, for every document format.

``load_source(c.source, corpus_dir)[c.start:c.end] == c.text`` holds for every citation ``c``:
the text is the document as the index loaded it. For UTF-8 text and Markdown that is exactly
``open(path, encoding="utf-8").read()``; other formats are decoded or extracted first (README,
"Citations and the text they point into").
"""

from __future__ import annotations

from pathlib import Path

from rag.errors import RagError


def load_source(source: str, corpus_dir: Path | str) -> str:
    """The text of one document, by its source name; RagError saying why when it cannot be read."""
    from index.loaders import UnreadableFile, load

    corpus_dir = Path(corpus_dir)
    if Path(source).is_absolute():
        raise RagError(f"cannot read {source}: a source is a path inside the corpus folder")
    try:
        return load(corpus_dir / source, corpus_dir).text
    except UnreadableFile as reason:
        raise RagError(f"cannot read {source}: {reason}") from reason


def load_sources(corpus_dir: Path | str) -> dict[str, str]:
    """Every readable document under corpus_dir by its source name, loaded as the index loads it."""
    from index.loaders import UnreadableFile, discover, load

    corpus_dir = Path(corpus_dir)
    documents = {}
    for path in discover(corpus_dir):
        try:
            document = load(path, corpus_dir)
        except UnreadableFile:
            continue  # skipped by the index too, so no citation points into it
        documents[document.source] = document.text
    return documents
