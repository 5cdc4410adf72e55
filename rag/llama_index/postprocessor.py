"""``CitedGate``: the answerability gate as a llama-index node postprocessor."""

from __future__ import annotations

from typing import Any

from llama_index.core.bridge.pydantic import Field, PrivateAttr
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle

from rag.llama_index.nodes import node_passage


class CitedGate(BaseNodePostprocessor):
    """Keeps the nodes when they answer the question; otherwise returns none and records why.

    ``reason`` holds the last decision: ``"ok"``, or the gate's reason for refusing
    (``"off_topic"``, ``"missing_name"``, ``"instruction"``, …).
    """

    assistant: Any = Field(default=None, description="The Assistant whose gate and scorer decide.")
    _reason: str | None = PrivateAttr(default=None)

    def __init__(self, assistant=None, **kwargs):
        from rag.assistant import Assistant

        super().__init__(assistant=assistant or Assistant(), **kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "CitedGate"

    @property
    def reason(self) -> str | None:
        """Why the last call kept or dropped its nodes."""
        return self._reason

    def _postprocess_nodes(self, nodes: list[NodeWithScore],
                           query_bundle: QueryBundle | None = None) -> list[NodeWithScore]:
        if query_bundle is None:
            raise ValueError("CitedGate needs the question: pass query_bundle or query_str")
        verdict = self.assistant.judge(query_bundle.query_str, [node_passage(n) for n in nodes])
        self._reason = verdict.reason
        return list(nodes) if verdict.answerable else []
