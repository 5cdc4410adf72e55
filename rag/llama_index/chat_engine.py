"""``CitedChatEngine``: the chain as a llama-index chat engine that keeps the conversation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

from llama_index.core.base.llms.types import ChatMessage, ChatResponse, MessageRole
from llama_index.core.chat_engine.types import AgentChatResponse, BaseChatEngine, StreamingAgentChatResponse

from rag.answer import Answer
from rag.llama_index.nodes import answer_metadata, cited_nodes, pieces


class CitedChatEngine(BaseChatEngine):
    """Answers in a conversation: a follow-up is made standalone from the earlier turns, as
    ``Assistant.chat`` does; ``source_nodes`` are exactly the cited spans of each reply."""

    def __init__(self, assistant=None, chat_history: list[ChatMessage] | None = None, top_k: int | None = None):
        from rag.assistant import Assistant

        self.assistant = assistant or Assistant()
        self.top_k = top_k
        self._history: list[ChatMessage] = list(chat_history or [])

    @property
    def chat_history(self) -> list[ChatMessage]:
        return list(self._history)

    def reset(self) -> None:
        self._history = []

    def chat(self, message: str, chat_history: list[ChatMessage] | None = None) -> AgentChatResponse:
        answer = self._answer(message, chat_history)
        return AgentChatResponse(answer.text, source_nodes=cited_nodes(answer), metadata=answer_metadata(answer))

    def stream_chat(self, message: str,
                    chat_history: list[ChatMessage] | None = None) -> StreamingAgentChatResponse:
        # The verified text is streamed, so the source nodes are known before the first piece.
        answer = self._answer(message, chat_history)
        return StreamingAgentChatResponse(chat_stream=_chat_stream(answer.text), source_nodes=cited_nodes(answer),
                                          is_writing_to_memory=False)

    async def achat(self, message: str, chat_history: list[ChatMessage] | None = None) -> AgentChatResponse:
        # The chain is synchronous: it runs in a worker thread so the event loop stays free.
        return await asyncio.to_thread(self.chat, message, chat_history)

    async def astream_chat(self, message: str,
                           chat_history: list[ChatMessage] | None = None) -> StreamingAgentChatResponse:
        answer = await asyncio.to_thread(self._answer, message, chat_history)
        return StreamingAgentChatResponse(achat_stream=_achat_stream(answer.text), source_nodes=cited_nodes(answer),
                                          is_writing_to_memory=False)

    def _answer(self, message: str, chat_history: list[ChatMessage] | None) -> Answer:
        if chat_history is not None:
            self._history = list(chat_history)
        history = [{"role": m.role.value, "content": m.content or ""} for m in self._history]
        answer = self.assistant.chat(history, message, top_k=self.top_k)
        self._history += [ChatMessage(role=MessageRole.USER, content=message),
                          ChatMessage(role=MessageRole.ASSISTANT, content=answer.text)]
        return answer


def _chat_stream(text: str) -> Iterator[ChatResponse]:
    so_far = ""
    for piece in pieces(text):
        so_far += piece
        yield ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=so_far), delta=piece)


async def _achat_stream(text: str) -> AsyncIterator[ChatResponse]:
    for response in _chat_stream(text):
        yield response
