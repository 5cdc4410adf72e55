"""Every error leaves in OpenAI's JSON shape, with its HTTP status: bad requests, auth, no index."""

from __future__ import annotations

import json

import httpx
import openai
import pytest

QUESTION = [{"role": "user", "content": "Which cities did the rebels capture?"}]


def post(url: str, body, **headers) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(f"{url}/chat/completions", content=content, timeout=60,
                      headers={"Content-Type": "application/json", **headers})


def error_of(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize("body, param, code", [
    (b"{not json", None, "invalid_json"),
    (b"[1, 2]", None, "invalid_json"),
    ({"model": "cited"}, "messages", "missing_required_parameter"),
    ({"messages": []}, "messages", "invalid_value"),
    ({"messages": "hello"}, "messages", "invalid_value"),
    ({"messages": [{"role": "tool", "content": "hi"}]}, "messages[0].role", "invalid_value"),
    ({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "x"}]},
     "messages[1].role", "invalid_value"),
    ({"messages": [{"role": "user", "content": 42}]}, "messages[0].content", "invalid_value"),
    ({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]},
     "messages[0].content", "invalid_value"),
    ({"messages": QUESTION, "stream": "yes"}, "stream", "invalid_value"),
    ({"messages": [{"role": "user", "content": "   "}]}, "messages", "invalid_question"),
    ({"messages": [{"role": "user", "content": "why " * 600}]}, "messages", "invalid_question"),
])
def test_bad_requests_are_400s_that_name_the_parameter(api_url, body, param, code):
    error = error_of(post(api_url, body), 400)
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", param, code)


def test_empty_and_too_long_questions_say_why(api_url):
    assert "empty" in error_of(post(api_url, {"messages": [{"role": "user", "content": ""}]}), 400)["message"]
    long = {"messages": [{"role": "user", "content": "why " * 600}]}
    assert "too long" in error_of(post(api_url, long), 400)["message"]


def test_an_oversized_body_is_a_413(api_url):
    huge = {"messages": [{"role": "user", "content": "x" * 1_100_000}]}
    assert error_of(post(api_url, huge), 413)["code"] == "request_too_large"


def test_an_unknown_model_is_a_404(api_url, client):
    assert error_of(post(api_url, {"model": "gpt-4o", "messages": QUESTION}), 404)["code"] == "model_not_found"
    assert error_of(httpx.get(f"{api_url}/models/gpt-4o"), 404)["code"] == "model_not_found"
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-4o")


def test_unknown_paths_and_methods_answer_in_the_same_shape(api_url):
    assert error_of(httpx.get(f"{api_url}/embeddings"), 404)["code"] == "not_found"
    assert error_of(httpx.get(f"{api_url}/chat/completions"), 405)["code"] == "method_not_allowed"


def test_openai_client_raises_its_own_errors(client):
    with pytest.raises(openai.BadRequestError) as raised:
        client.chat.completions.create(model="cited", messages=[{"role": "user", "content": " "}])
    assert raised.value.code == "invalid_question"
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="cited", messages=[{"role": "user", "content": " "}], stream=True)


def test_an_empty_index_is_a_503_that_says_to_index(serve, make_assistant, tmp_path):
    from api.app import create_app

    url = serve(create_app(make_assistant(index_dir=tmp_path / "empty")))
    for stream in (False, True):
        error = error_of(post(url, {"messages": QUESTION, "stream": stream}), 503)
        assert error["code"] == "index_not_ready" and "rag index" in error["message"]


@pytest.fixture
def keyed_url(serve, make_assistant) -> str:
    from api.app import create_app

    return serve(create_app(make_assistant(), api_key="s3cret"))


def test_a_configured_key_is_required_on_every_route(keyed_url):
    client = openai.OpenAI(base_url=keyed_url, api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as raised:
        client.models.list()
    assert raised.value.code == "invalid_api_key"
    with pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="cited", messages=QUESTION)
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Basic s3cret"}):
        response = post(keyed_url, {"messages": QUESTION}, **headers)
        assert error_of(response, 401)["code"] == "invalid_api_key"
        assert response.headers["www-authenticate"] == "Bearer"
    assert error_of(httpx.get(f"{keyed_url}/models"), 401)["code"] == "invalid_api_key"


def test_the_right_key_is_let_in(keyed_url):
    client = openai.OpenAI(base_url=keyed_url, api_key="s3cret", max_retries=0)
    assert [m.id for m in client.models.list()] == ["cited"]
    assert client.chat.completions.create(model="cited", messages=QUESTION).choices[0].message.citations


def test_the_key_comes_from_rag_api_key(monkeypatch):
    from rag.settings import Settings

    monkeypatch.setenv("RAG_API_KEY", "from-env")
    assert Settings().api_key == "from-env"
