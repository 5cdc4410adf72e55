"""The LLM wrapper against a scripted OpenAI-compatible server: streaming, limits and failures."""

from __future__ import annotations

import time

import openai
import pytest

from rag.errors import LLMUnavailable
from rag.generate import STOP, draft
from rag.llm import LLM
from tests.fixtures.fake_openai import Garbage, Sleep, Stall, Status

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
    ("reply", "reason"),
    [
        (Sleep(5), "timed out"),
        (Garbage(), "endpoint returned no completion"),
        (Garbage("data: [not json\n\n"), "endpoint sent an unreadable reply"),
        (Status(503), "endpoint returned HTTP 503"),
        (Status(404, "no model"), "endpoint returned HTTP 404"),
        (Status(401, "bad key"), "endpoint rejected the API key"),
    ],
    ids=["timeout", "html", "bad-event", "unavailable", "not-found", "bad-key"],
)
def test_every_failure_becomes_llm_unavailable_with_a_reason(make_settings, llm_server, reply, reason):
    llm_server.script(reply)
    llm = LLM(make_settings(llm_timeout=1))
    started = time.perf_counter()

    with pytest.raises(LLMUnavailable) as caught:
        llm.complete(MESSAGES, 32)

    assert time.perf_counter() - started < 3
    assert caught.value.reason == reason
    assert llm.status() == {"state": "down", "detail": llm.describe(), "reason": reason}


def test_a_refused_connection_is_named(make_settings):
    from rag.local_server import free_port

    llm = LLM(make_settings(llm_base_url=f"http://127.0.0.1:{free_port()}/v1"))

    with pytest.raises(LLMUnavailable) as caught:
        llm.complete(MESSAGES, 8)

    assert caught.value.reason == "endpoint refused connection"


def test_status_tells_a_configured_endpoint_from_one_that_answered(make_settings, llm_server):
    llm_server.script("Fine.")
    llm = LLM(make_settings())
    assert llm.status()["state"] == "configured"

    llm.complete(MESSAGES, 8)

    assert llm.status() == {"state": "ready", "detail": llm.describe(), "reason": None}


@pytest.mark.parametrize("kind", ["comments", "empty", "trickle", "endless"])
def test_no_stream_outlives_the_deadline(make_settings, llm_server, kind):
    llm_server.script(Stall(kind, seconds=30, interval=0.1 if kind != "trickle" else 0.5))
    started = time.perf_counter()

    with pytest.raises(LLMUnavailable) as caught:
        for _ in LLM(make_settings(llm_timeout=1.5)).stream(MESSAGES, 4096):
            pass

    assert caught.value.reason == "timed out"
    assert time.perf_counter() - started < 1.5 + 2


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
