"""Answers as OpenAI chat-completion objects.

The message text is the verified answer with its [n] markers; the message also carries the Answer
JSON's other fields (``citations``, ``refused``, ``degraded``, ``mode``, …), so a client reads the
sources beside the text. A stream sends the same text in pieces and those fields on its last chunk.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator

from rag.answer import Answer

# The request and the message content already carry these two.
_NOT_EXTRAS = ("question", "answer")
_PIECE = re.compile(r"\S+\s*|\s+")


def extras(answer: Answer) -> dict:
    """The Answer JSON's fields a message carries besides its text."""
    return {key: value for key, value in answer.to_dict().items() if key not in _NOT_EXTRAS}


def completion(answer: Answer, model: str) -> dict:
    """A whole ``chat.completion`` object."""
    message = {"role": "assistant", "content": answer.text, **extras(answer)}
    return {**_header("chat.completion", model),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}]}


def chunks(answer: Answer, model: str) -> Iterator[dict]:
    """``chat.completion.chunk`` objects: the role, the text word by word, then the answer's fields."""
    header = _header("chat.completion.chunk", model)
    yield _chunk(header, {"role": "assistant", "content": ""})
    for piece in _PIECE.findall(answer.text):
        yield _chunk(header, {"content": piece})
    yield _chunk(header, extras(answer), finish_reason="stop")


def sse(answer: Answer, model: str) -> Iterator[str]:
    """The stream as server-sent events, ending with ``data: [DONE]``."""
    for chunk in chunks(answer, model):
        yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"


def model_card(model: str, created: int) -> dict:
    """The one model this server answers as."""
    return {"id": model, "object": "model", "created": created, "owned_by": "cited"}


def models(model: str, created: int) -> dict:
    """The ``GET /v1/models`` list."""
    return {"object": "list", "data": [model_card(model, created)]}


def _header(kind: str, model: str) -> dict:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": kind, "created": int(time.time()), "model": model}


def _chunk(header: dict, delta: dict, finish_reason: str | None = None) -> dict:
    return {**header, "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}]}
