"""``CitedQueryEngine``: the whole chain as a llama-index query engine."""

from __future__ import annotations

import asyncio
from typing import Any

from llama_index.core.base.response.schema import Response, StreamingResponse
from llama_index.core.bridge.pydantic import Field
from llama_index.core.query_engine import CustomQueryEngine

from rag.answer import Answer
from rag.llama_index.nodes import answer_metadata, cited_nodes, pieces


def to_response(answer: Answer, streaming: bool = False) -> Response | StreamingResponse:
    """The Answer as a llama-index response whose source nodes are exactly its citations."""
    if streaming:
        return StreamingResponse(response_gen=iter(pieces(answer.text)), source_nodes=cited_nodes(answer),
                                 metadata=answer_metadata(answer))
    return Response(answer.text, source_nodes=cited_nodes(answer), metadata=answer_metadata(answer))


class CitedQueryEngine(CustomQueryEngine):
    """Retrieve, gate, draft and verify: ``Response.source_nodes`` are the cited spans, [n] in order.

    ``metadata`` holds the rest of the Answer JSON (``refused``, ``degraded``, ``mode``, …). With
    ``streaming=True`` the response streams the verified text, so its source nodes are known
    before the first piece.
    """

    assistant: Any = Field(default=None, description="The Assistant that answers.")
    streaming: bool = Field(default=False, description="Return a StreamingResponse.")
    top_k: int | None = Field(default=None, description="Passages to retrieve; the settings' by default.")

    def __init__(self, assistant=None, **kwargs):
        from rag.assistant import Assistant

        super().__init__(assistant=assistant or Assistant(), **kwargs)

    def custom_query(self, query_str: str) -> Response | StreamingResponse:
        return to_response(self.assistant.ask(query_str, top_k=self.top_k), self.streaming)

    async def acustom_query(self, query_str: str) -> Response | StreamingResponse:
        # The chain is synchronous: it runs in a worker thread so the event loop stays free.
        return await asyncio.to_thread(self.custom_query, query_str)
