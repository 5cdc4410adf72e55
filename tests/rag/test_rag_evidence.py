"""Evidence sentences: whole sentences with exact offsets, and never text addressed to a model."""

from __future__ import annotations

from index.chunking import chunk_document
from index.loaders import Document, load
from rag.evidence import candidate_sentences
from rag.retrieve import Passage
from tests.index.conftest import pdf_bytes


def _candidates(document: Document) -> list[str]:
    passages = [Passage(chunk, 1.0) for chunk in chunk_document(document)]
    found = candidate_sentences(passages)
    for sentence, _ in found:
        assert document.text[sentence.start:sentence.end] == sentence.text
    return [sentence.text for sentence, _ in found]


def test_a_sentence_wrapped_across_pdf_lines_is_one_evidence_sentence(tmp_path):
    lines = [
        "The rebels captured the key cities of Aleppo in the north and",
        "Hama in the centre last week, clearing the way for",
        "84 villages to fall to them. Residents fled in their thousands.",
    ]
    (tmp_path / "report.pdf").write_bytes(pdf_bytes([lines]))
    document = load(tmp_path / "report.pdf", tmp_path)

    assert "\n".join(lines).removesuffix(" Residents fled in their thousands.") in _candidates(document)
