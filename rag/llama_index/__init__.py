"""The chain as llama-index components, for pipelines built with llama-index.

The rest of ``rag`` never sees a llama-index type: these adapters convert at the edge.

- ``CitedRetriever``: hybrid retrieval; each node's ``start_char_idx``/``end_char_idx`` point into
  the document named by ``metadata["source"]``.
- ``CitedGate``: a node postprocessor that drops every node, and records why, when the nodes do not
  answer the question.
- ``CitedQueryEngine``: the whole chain; ``Response.source_nodes`` are exactly the cited spans.
- ``CitedChatEngine``: the same, with follow-ups made standalone from the conversation.
"""

from rag.llama_index.chat_engine import CitedChatEngine
from rag.llama_index.postprocessor import CitedGate
from rag.llama_index.query_engine import CitedQueryEngine
from rag.llama_index.retriever import CitedRetriever

__all__ = ["CitedChatEngine", "CitedGate", "CitedQueryEngine", "CitedRetriever"]
