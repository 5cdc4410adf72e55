"""`rag serve` answers the real openai client: models, answers with citations, streams, follow-ups."""

from __future__ import annotations

import pytest

from tests.rag.support import CORPUS, assert_contract, corpus_text

CITIES = "Which cities did the rebels capture?"
OUT_OF_DOMAIN = "What is the recipe for a chocolate cake?"


def ask(client, *messages, stream=False):
    history = [{"role": role, "content": content} for role, content in messages]
    return client.chat.completions.create(model="cited", messages=history, stream=stream)


def streamed(client, *messages):
    """The stream's chunks, its text joined, and the fields its last chunk carries."""
    chunks = list(ask(client, *messages, stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    return chunks, text, chunks[-1].choices[0].delta


def test_models_lists_the_one_model(client):
    assert [model.id for model in client.models.list()] == ["cited"]
    assert client.models.retrieve("cited").owned_by == "cited"


def test_reply_is_the_assistants_answer_with_its_citations(client, make_assistant):
    expected = make_assistant().ask(CITIES)

    reply = ask(client, ("user", CITIES))

    message = reply.choices[0].message
    assert reply.object == "chat.completion" and reply.choices[0].finish_reason == "stop"
    assert message.role == "assistant" and message.content == expected.text
    assert "[1]" in message.content
    assert message.citations == [c.to_dict() for c in expected.citations]
    assert message.refused is False and message.degraded is False and message.mode == "extractive"
    for citation in message.citations:
        assert corpus_text(citation["source"])[citation["start"]:citation["end"]] == citation["text"]


def test_stream_joins_to_the_same_text_and_ends_with_the_citations(client):
    whole = ask(client, ("user", CITIES)).choices[0].message

    chunks, text, last = streamed(client, ("user", CITIES))

    assert chunks[0].choices[0].delta.role == "assistant"
    assert len(chunks) > 3, "the text arrives in pieces"
    assert text == whole.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert all(c.choices[0].finish_reason is None for c in chunks[:-1])
    assert last.citations == whole.citations and last.citations
    assert last.refused is False and last.degraded is False


@pytest.mark.parametrize("stream", [False, True])
def test_unanswerable_question_is_refused_without_citations(client, stream):
    if stream:
        _, text, fields = streamed(client, ("user", OUT_OF_DOMAIN))
    else:
        fields = ask(client, ("user", OUT_OF_DOMAIN)).choices[0].message
        text = fields.content
    assert fields.refused is True and fields.citations == [] and fields.mode == "refused"
    assert fields.refusal_reason and fields.refusal_checks
    assert "documents" in text.lower() and "[" not in text


def test_follow_up_goes_through_the_conversation(client, make_assistant):
    history = [{"role": "user", "content": CITIES}, {"role": "assistant", "content": "Aleppo and Hama [1]."}]
    expected = make_assistant().chat(history, "And which towns?")

    message = ask(client, ("system", "Answer in French."), ("user", CITIES),
                  ("assistant", "Aleppo and Hama [1]."), ("user", "And which towns?")).choices[0].message

    assert message.content == expected.text
    assert message.standalone_question == expected.standalone_question != "And which towns?"
    assert message.citations == [c.to_dict() for c in expected.citations]


def test_text_content_parts_are_read_as_the_question(client):
    parts = [{"type": "text", "text": "Which cities did "}, {"type": "text", "text": "the rebels capture?"}]
    message = client.chat.completions.create(
        model="cited", messages=[{"role": "user", "content": parts}]).choices[0].message
    assert message.content == ask(client, ("user", CITIES)).choices[0].message.content


def test_an_unreachable_llm_degrades_to_quoted_passages(serve, make_assistant):
    import openai

    from api.app import create_app
    from tests.api.conftest import free_port

    dead = f"http://127.0.0.1:{free_port()}/v1"
    url = serve(create_app(make_assistant(llm="auto", llm_base_url=dead, llm_timeout=2)))
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)

    message = ask(client, ("user", CITIES)).choices[0].message

    assert message.degraded is True and message.refused is False and message.citations
    assert message.degraded_reason
    assert message.mode == "extractive"


def test_every_answer_keeps_the_answer_contract(client, make_assistant):
    from rag.answer import Answer, Citation

    message = ask(client, ("user", CITIES)).choices[0].message
    answer = Answer(CITIES, message.content, message.refused,
                    [Citation(**c) for c in message.citations])
    assert_contract(answer, CORPUS)


def test_concurrent_requests_are_all_answered_alike(client):
    from concurrent.futures import ThreadPoolExecutor

    def text(stream: bool) -> str:
        if stream:
            return streamed(client, ("user", CITIES))[1]
        return ask(client, ("user", CITIES)).choices[0].message.content

    with ThreadPoolExecutor(4) as pool:
        replies = list(pool.map(text, [False, True, False, True]))

    assert len(set(replies)) == 1 and "[1]" in replies[0]
