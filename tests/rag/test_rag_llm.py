"""The LLM wrapper against a scripted OpenAI-compatible server: streaming, limits and failures."""

from __future__ import annotations

import time

import openai
import pytest

from rag.errors import LLMUnavailable
from rag.generate import STOP, draft
from rag.llm import LLM
from tests.fixtures.fake_openai import Garbage, Sleep, Status

MESSAGES = [{"role": "user", "content": "Say something."}]


def test_stream_yields_the_reply_in_pieces(make_settings, llm_server):
    llm_server.script("Homs is a key crossroads city [1].")

    pieces = list(LLM(make_settings()).stream(MESSAGES, 32, ["\n\n"]))

    assert len(pieces) > 1 and "".join(pieces) == "Homs is a key crossroads city [1]."
    body = llm_server.completions[0].body
    assert body["max_tokens"] == 32 and body["stop"] == ["\n\n"] and body["temperature"] == 0.0
    assert body["model"] == "fake-model" and body["messages"] == MESSAGES


def test_complete_joins_the_stream_and_the_server_applies_stop_sequences(make_settings, llm_server):
    llm_server.script("First sentence [1].\n\nQuestion: an invented follow-up?")

    assert LLM(make_settings()).complete(MESSAGES, 32, STOP) == "First sentence [1]."


def test_the_configured_key_and_model_are_sent(make_settings, llm_server):
    llm_server.script("Fine.")
    llm = LLM(make_settings(llm_api_key="sk-custom", llm_model="other-model"))

    llm.complete(MESSAGES, 8)

    [request] = llm_server.completions
    assert request.headers["authorization"] == "Bearer sk-custom"
    assert request.body["model"] == "other-model"
    assert not llm.is_local and llm.describe() == f"other-model at {llm_server.base_url}"


@pytest.mark.parametrize(
    "reply",
    [Sleep(5), Garbage(), Garbage("data: [not json\n\n"), Status(503), Status(404, "no model")],
    ids=["timeout", "html", "bad-event", "unavailable", "not-found"],
)
def test_every_failure_becomes_llm_unavailable(make_settings, llm_server, reply):
    llm_server.script(reply)
    started = time.perf_counter()

    with pytest.raises(LLMUnavailable):
        LLM(make_settings(llm_timeout=1)).complete(MESSAGES, 32)

    assert time.perf_counter() - started < 3


def test_draft_gives_up_past_its_deadline_even_while_pieces_arrive(make_settings, llm_server):
    llm_server.script(Sleep(1.5, then="one two three four five six", after_chunks=2))

    pieces = []
    with pytest.raises(LLMUnavailable, match="longer than"):
        for piece in draft(LLM(make_settings(llm_timeout=5)), "Why?", [], 32, deadline_s=1):
            pieces.append(piece)

    assert pieces == ["one ", "two "]


def test_fake_server_speaks_the_openai_protocol_without_streaming(llm_server):
    llm_server.script("A whole reply.")
    client = openai.OpenAI(base_url=llm_server.base_url, api_key="sk-test", max_retries=0)

    reply = client.chat.completions.create(model="fake-model", messages=MESSAGES)

    assert reply.choices[0].message.content == "A whole reply."
    assert [m.id for m in client.models.list()] == ["fake-model"]
