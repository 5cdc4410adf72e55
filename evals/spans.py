"""Locate each case's expected quotes in the documents, once, as character spans."""

from __future__ import annotations

from pathlib import Path

from evals.cases import Case
from rag.errors import RagError
from rag.sources import load_sources


def read_documents(corpus_dir: Path) -> dict[str, str]:
    """Every readable document under corpus_dir by its source name, as citations index it."""
    return load_sources(corpus_dir)


def locate(case: Case, documents: dict[str, str]) -> list[dict]:
    """The case's quotes as {"source", "start", "end"} spans; RagError if a quote is not found."""
    spans = []
    for passage in case.passages:
        text = documents.get(passage["source"])
        start = -1 if text is None else text.find(passage["quote"])
        if start < 0:
            raise RagError(f"case {case.id}: quote not found in {passage['source']}")
        end = start + len(passage["quote"])
        spans.append({"source": passage["source"], "start": start, "end": end})
    return spans
