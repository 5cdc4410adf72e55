"""What front ends rely on: the declared shape of an assistant, so they need not guess it.

``Answerer`` is what the HTTP API and any client need; ``ChatAssistant`` adds what the browser chat
shows beside answers. ``Assistant`` implements both; test doubles implement them too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from rag.answer import Answer, Citation
from rag.settings import Settings


class Stream(Protocol):
    """Draft text as it is produced; ``answer`` is the verified Answer once iteration ends."""

    answer: Answer | None

    def __iter__(self) -> Iterator[str]: ...


@runtime_checkable
class Answerer(Protocol):
    """Answers questions, alone or in a conversation, whole or streamed."""

    def ask(self, question: str, *, top_k: int | None = None, use_llm: bool | None = None) -> Answer: ...

    def chat(self, history: list[dict], question: str, *, top_k: int | None = None,
             use_llm: bool | None = None) -> Answer: ...

    def stream(self, question: str, *, history: list[dict] | None = None, top_k: int | None = None,
               use_llm: bool | None = None) -> Stream: ...


@runtime_checkable
class ChatAssistant(Answerer, Protocol):
    """An Answerer with what a chat shows beside its answers and the lifetime a server manages."""

    settings: Settings

    def info(self) -> dict: ...

    def context(self, citation: Citation) -> tuple[str, str, str]: ...

    def warm_up(self) -> None: ...

    def close(self) -> None: ...
