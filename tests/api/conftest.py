"""Fixtures for the HTTP API: a fake-embedder index of the corpus and `rag serve`'s app on a free
loopback port, in this process."""

from __future__ import annotations

import socket
import threading
import time

import pytest

# The answer chain's own fixtures: a clean environment and the fake-embedder index of the corpus.
from tests.rag.conftest import _clean_environment, fake_index  # noqa: F401
from tests.rag.support import CORPUS

SERVER_START_S = 30


@pytest.fixture
def make_assistant(fake_index, fake_embedder):  # noqa: F811 - the imported fixture, by name
    """An Assistant over the fake index, extractive unless told otherwise."""
    from rag.assistant import Assistant
    from rag.settings import Settings

    made = []

    def make(**overrides):
        values = dict(corpus_dir=CORPUS, index_dir=fake_index, llm="none")
        assistant = Assistant(Settings(**{**values, **overrides}), embedder=fake_embedder)
        made.append(assistant)
        return assistant

    yield make
    for assistant in made:
        assistant.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def serve():
    """Serve an ASGI app with uvicorn on a free loopback port; returns its /v1 base URL."""
    import uvicorn

    servers = []

    def start(app) -> str:
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        deadline = time.monotonic() + SERVER_START_S
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the API server did not start"
            time.sleep(0.02)
        return f"http://127.0.0.1:{port}/v1"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def api_url(serve, make_assistant) -> str:
    """The API over an extractive Assistant, with no key required."""
    from api.app import create_app

    return serve(create_app(make_assistant()))


@pytest.fixture
def client(api_url):
    """The real openai client, pointed at the API."""
    import openai

    return openai.OpenAI(base_url=api_url, api_key="unused", max_retries=0, timeout=60)
