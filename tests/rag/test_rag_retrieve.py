"""Hybrid retrieval of a question in several parts: each part's best passage is kept."""

from __future__ import annotations

from index.chunking import Chunk
from rag.retrieve import HybridRetriever


def chunk(source: str, start: int = 0) -> Chunk:
    return Chunk(source, start, start + 10, f"text of {source}", "", 0, 1, source)


BRIDGE, HOMS, TOWN = chunk("syria.txt"), chunk("syria.txt", 20), chunk("korea.txt")
RANKINGS = {  # what each wording finds, best first: the whole question favours Syria
    "Which bridge fell near Homs, and which town was evacuated?": [BRIDGE, HOMS],
    "Which bridge fell near Homs": [BRIDGE, HOMS],
    "which town was evacuated?": [TOWN, BRIDGE],
}


class Ranked(HybridRetriever):
    def _ranked(self, question, top_k):
        return [(c, 1.0 / (i + 1)) for i, c in enumerate(RANKINGS[question])]


def test_each_part_of_a_question_brings_its_best_passage():
    retriever = Ranked(store=None, embedder=None, top_k=2)
    question = "Which bridge fell near Homs, and which town was evacuated?"

    whole = retriever.retrieve(question)
    by_parts = retriever.retrieve(question, parts=["Which bridge fell near Homs", "which town was evacuated?"])

    assert [p.chunk.source for p in whole] == ["syria.txt", "syria.txt"]
    assert [p.chunk.source for p in by_parts] == ["syria.txt", "korea.txt"]
