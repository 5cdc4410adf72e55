"""RAG_LLM=none and use_llm=False answer from quotes and never call the LLM."""

from __future__ import annotations

import pytest

from rag.assistant import Assistant
from rag.settings import Settings
from tests.rag.support import CORPUS, assert_contract

CITIES = "Which cities did the rebels capture?"
HISTORY = [{"role": "user", "content": CITIES}, {"role": "assistant", "content": "Aleppo [1]."}]


def test_rag_llm_none_from_the_environment_never_calls_the_llm(
    monkeypatch, fake_index, llm_server, fake_embedder
):
    monkeypatch.setenv("RAG_LLM", "none")
    monkeypatch.setenv("RAG_LLM_BASE_URL", llm_server.base_url)
    monkeypatch.setenv("RAG_INDEX_DIR", str(fake_index))
    monkeypatch.setenv("RAG_CORPUS_DIR", str(CORPUS))
    llm_server.script("The rebels have captured the key cities of Aleppo and Hama so far [1].")
    assistant = Assistant(embedder=fake_embedder)

    answers = [assistant.ask(CITIES), assistant.chat(HISTORY, "And which towns?")]

    assert assistant.llm is None
    assert llm_server.requests == []
    for answer in answers:
        assert answer.mode == "extractive" and not answer.degraded and not answer.refused
        assert_contract(answer)
    assert "none" in assistant.info()["llm"]


@pytest.mark.parametrize("entry", ["ask", "chat", "stream"])
def test_use_llm_false_never_calls_the_llm(make_assistant, llm_server, entry):
    llm_server.script("The rebels have captured the key cities of Aleppo and Hama so far [1].")
    assistant = make_assistant()

    if entry == "ask":
        answer = assistant.ask(CITIES, use_llm=False)
    elif entry == "chat":
        answer = assistant.chat(HISTORY, "And which towns?", use_llm=False)
    else:
        stream = assistant.stream(CITIES, use_llm=False)
        pieces = list(stream)
        answer = stream.answer
        assert pieces == [answer.text]

    assert llm_server.requests == []
    assert answer.mode == "extractive" and not answer.degraded
    assert_contract(answer)


def test_settings_read_rag_llm_none_from_the_environment(monkeypatch):
    monkeypatch.setenv("RAG_LLM", "none")
    assert Settings().llm == "none"


def test_stream_hands_back_the_final_answer_as_its_return_value(make_assistant):
    stream = make_assistant().stream(CITIES, use_llm=False)

    def consume():
        return (yield from stream)

    pieces, consumer = [], consume()
    try:
        while True:
            pieces.append(next(consumer))
    except StopIteration as stop:
        returned = stop.value

    assert returned is stream.answer and pieces == [returned.text]
    assert_contract(returned)
