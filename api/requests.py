"""Reading a chat-completions request: the question is the last user message, the rest is history."""

from __future__ import annotations

import json
from dataclasses import dataclass

from api.errors import ApiError, bad_request

MAX_BODY_BYTES = 1_000_000
ROLES = ("system", "developer", "user", "assistant")
# System prompts are not followed: the answer comes from the documents, in the chain's own words.
HISTORY_ROLES = ("user", "assistant")


@dataclass(frozen=True)
class ChatRequest:
    """What the chain needs from a request: the question, the conversation before it, streaming."""

    question: str
    history: list[dict]
    stream: bool
    model: str | None


def parse_chat(body: bytes) -> ChatRequest:
    """The request in a POST /v1/chat/completions body; ApiError says what is wrong with it."""
    if len(body) > MAX_BODY_BYTES:
        raise ApiError(413, f"the request body is over {MAX_BODY_BYTES:,} bytes", code="request_too_large")
    data = _json_object(body)
    messages = _messages(data.get("messages"))
    stream = data.get("stream", False)
    if not isinstance(stream, bool):
        raise bad_request("'stream' must be true or false", param="stream")
    model = data.get("model")
    if model is not None and not isinstance(model, str):
        raise bad_request("'model' must be a string", param="model")
    history = [m for m in messages[:-1] if m["role"] in HISTORY_ROLES]
    return ChatRequest(messages[-1]["content"], history, stream, model)


def _json_object(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise bad_request(f"the request body is not valid JSON ({error})", code="invalid_json") from None
    if not isinstance(data, dict):
        raise bad_request("the request body must be a JSON object", code="invalid_json")
    return data


def _messages(messages: object) -> list[dict]:
    if messages is None:
        raise bad_request("'messages' is required", param="messages", code="missing_required_parameter")
    if not isinstance(messages, list) or not messages:
        raise bad_request("'messages' must be a non-empty list", param="messages")
    read = [_message(message, f"messages[{i}]") for i, message in enumerate(messages)]
    if read[-1]["role"] != "user":
        raise bad_request("the last message must be the user's question (role 'user')",
                          param=f"messages[{len(read) - 1}].role")
    return read


def _message(message: object, param: str) -> dict:
    if not isinstance(message, dict):
        raise bad_request("each message must be an object with 'role' and 'content'", param=param)
    role = message.get("role")
    if role not in ROLES:
        raise bad_request(f"role {role!r} is not supported; use one of {', '.join(ROLES)}",
                          param=f"{param}.role")
    return {"role": role, "content": _text(message.get("content"), role, f"{param}.content")}


def _text(content: object, role: str, param: str) -> str:
    """Message content as text: a string, or a list of text parts (images are not read)."""
    if content is None and role == "assistant":
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) for p in content):
        if any(p.get("type") != "text" or not isinstance(p.get("text"), str) for p in content):
            raise bad_request("only text content parts are supported", param=param)
        return "".join(p["text"] for p in content)
    raise bad_request("'content' must be a string or a list of text parts", param=param)
