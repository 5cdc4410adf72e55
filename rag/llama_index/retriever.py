"""``CitedRetriever``: the chain's hybrid retrieval as a llama-index retriever."""

from __future__ import annotations

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from rag.llama_index.nodes import passage_node
from rag.questions import clean_question


class CitedRetriever(BaseRetriever):
    """Dense and BM25 retrieval fused by rank; nodes carry exact offsets and ``metadata["source"]``."""

    def __init__(self, assistant=None, top_k: int | None = None, **kwargs):
        from rag.assistant import Assistant

        self.assistant = assistant or Assistant()
        self.top_k = top_k
        super().__init__(**kwargs)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        question = clean_question(query_bundle.query_str, self.assistant.settings.max_question_chars)
        return [passage_node(p) for p in self.assistant.retrieve_passages(question, self.top_k)]
