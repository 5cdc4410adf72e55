"""Conversions between the project's passages and citations and llama-index nodes."""

from __future__ import annotations

import re

from llama_index.core.schema import NodeWithScore, TextNode

from index.chunking import Chunk
from rag.answer import Answer, Citation
from rag.retrieve import Passage

_PIECE = re.compile(r"\S+\s*|\s+")


def passage_node(passage: Passage) -> NodeWithScore:
    """A retrieved passage as a scored node with exact offsets into its source."""
    chunk = passage.chunk
    node = TextNode(id_=chunk.id, text=chunk.text, start_char_idx=chunk.start, end_char_idx=chunk.end,
                    metadata={"source": chunk.source, "section": chunk.section, "title": chunk.title})
    return NodeWithScore(node=node, score=passage.score)


def node_passage(scored: NodeWithScore) -> Passage:
    """A node back as a passage; it must carry its source and offsets, as CitedRetriever's do."""
    node = scored.node
    source, start, end = node.metadata.get("source"), node.start_char_idx, node.end_char_idx
    if source is None or start is None or end is None:
        raise ValueError(f"node {node.node_id} lacks metadata['source'] or its character offsets")
    text = node.get_content()
    chunk = Chunk(source, start, end, text, node.metadata.get("section", ""), 0, 1, node.node_id,
                  title=node.metadata.get("title", ""))
    return Passage(chunk, scored.score or 0.0)


def citation_node(citation: Citation) -> NodeWithScore:
    """A cited span as a scored node: its text is the source sliced at its offsets."""
    node = TextNode(id_=f"{citation.source}:{citation.start}-{citation.end}", text=citation.text,
                    start_char_idx=citation.start, end_char_idx=citation.end,
                    metadata={"source": citation.source, "n": citation.n})
    return NodeWithScore(node=node, score=citation.score)


def cited_nodes(answer: Answer) -> list[NodeWithScore]:
    """The answer's citations as nodes, in [n] order."""
    return [citation_node(c) for c in answer.citations]


def answer_metadata(answer: Answer) -> dict:
    """The Answer JSON but its text: refused, degraded, mode, citations, timings, …"""
    return {key: value for key, value in answer.to_dict().items() if key != "answer"}


def pieces(text: str) -> list[str]:
    """The text cut into words (with their spacing), for streams that join back to it exactly."""
    return _PIECE.findall(text)
