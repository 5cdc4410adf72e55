"""One chat turn: stream the draft, then swap in the verified, cited answer and its sources."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from rag.errors import IndexNotReady, RagError
from ui import render

log = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong while answering. Please try again."
NO_DOCUMENTS = "No documents are indexed yet: add some in the Documents tab, then ask again."
CLOSEST = 3  # passages shown under a refusal


def new_state() -> dict:
    """A fresh conversation: plain-text history for the API and rendered source groups."""
    return {"history": [], "groups": [], "turn": 0}


def respond(
    assistant: Any,
    question: str,
    messages: list[dict],
    state: dict,
    top_k: int | None = None,
    use_llm: bool | None = None,
) -> Iterator[tuple[list[dict], str, str, dict]]:
    """Yield (chat messages, sources panel, input box, state) as the answer streams in."""
    question = (question or "").strip()
    if not question:
        return
    turn = state["turn"] + 1
    messages = [*messages, _user(question)]
    sources = render.render_sources(state["groups"])
    yield [*messages, _bot(render.render_draft(""))], sources, "", state
    try:
        stream = assistant.stream(question, history=state["history"], top_k=top_k, use_llm=use_llm)
        draft = ""
        for piece in stream:
            draft += piece
            yield [*messages, _bot(render.render_draft(draft))], sources, "", state
        answer = stream.answer
    except IndexNotReady:
        yield [*messages, _bot(render.render_error(NO_DOCUMENTS))], sources, "", state
        return
    except RagError as exc:
        yield [*messages, _bot(render.render_error(str(exc)))], sources, "", state
        return
    except Exception as exc:  # noqa: BLE001 - the chat shows one line, the log keeps the cause
        log.error("answering %r failed: %s: %s", question, type(exc).__name__, exc)
        yield [*messages, _bot(render.render_error(UNEXPECTED))], sources, "", state
        return
    state = _remember(state, assistant, question, answer, turn)
    final = _bot(render.render_answer(answer, turn, _closest(assistant, answer)))
    yield [*messages, final], render.render_sources(state["groups"]), "", state


def _remember(state: dict, assistant: Any, question: str, answer: Any, turn: int) -> dict:
    # Follow-ups are condensed from plain text, never from the rendered HTML.
    history = [
        *state["history"],
        {"role": "user", "content": question},
        {"role": "assistant", "content": answer.text},
    ]
    group = render.render_turn_sources(answer, question, turn, assistant.context)
    return {"history": history, "groups": [*state["groups"], group], "turn": turn}


def _closest(assistant: Any, answer: Any) -> list[dict]:
    # A refusal shows what the search found, so a reader can judge whether it was right.
    if not answer.refused:
        return []
    try:
        return assistant.retrieve(answer.standalone_question or answer.question, top_k=CLOSEST)
    except Exception as exc:  # noqa: BLE001 - the refusal stands without them
        log.warning("closest passages unavailable: %s", exc)
        return []


def _user(question: str) -> dict:
    return {"role": "user", "content": render.render_question(question)}


def _bot(html: str) -> dict:
    return {"role": "assistant", "content": html}
