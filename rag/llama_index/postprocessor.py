"""``CitedGate``: the answerability gate as a llama-index node postprocessor."""

from __future__ import annotations

from typing import Any

from llama_index.core.bridge.pydantic import Field, PrivateAttr
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle

from rag.gate import Verdict
from rag.llama_index.nodes import node_passage


class CitedGate(BaseNodePostprocessor):
    """Keeps the nodes when they answer the question; otherwise returns none and records why.

    After each call, ``reason`` names the first failing check (``"ok"`` when the nodes were kept),
    ``checks`` lists every failing check, and ``explanation`` says why in a reader's words.
    """

    assistant: Any = Field(default=None, description="The Assistant whose gate and scorer decide.")
    _verdict: Verdict | None = PrivateAttr(default=None)

    def __init__(self, assistant=None, **kwargs):
        from rag.assistant import Assistant

        super().__init__(assistant=assistant or Assistant(), **kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "CitedGate"

    @property
    def reason(self) -> str | None:
        """The first failing check of the last call, "ok" when it kept its nodes, None before any."""
        return self._verdict.reason if self._verdict else None

    @property
    def checks(self) -> list[str]:
        """Every check that failed on the last call."""
        return self._verdict.checks if self._verdict else []

    @property
    def explanation(self) -> str | None:
        """Why the last call dropped its nodes, in a reader's words."""
        return self._verdict.explanation if self._verdict else None

    def _postprocess_nodes(self, nodes: list[NodeWithScore],
                           query_bundle: QueryBundle | None = None) -> list[NodeWithScore]:
        if query_bundle is None:
            raise ValueError("CitedGate needs the question: pass query_bundle or query_str")
        self._verdict = self.assistant.judge(query_bundle.query_str, [node_passage(n) for n in nodes])
        return list(nodes) if self._verdict.answerable else []
