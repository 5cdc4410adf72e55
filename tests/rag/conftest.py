"""Fixtures for the answer chain: a fake-embedder index of the corpus, a scripted LLM server,
and checks of the Answer contract."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.rag.support import CORPUS, build_fake_index, number_of, prompt_sources


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """Settings read RAG_* and OPENAI_* variables: none from the outer shell may leak in."""
    for name in list(os.environ):
        if name.startswith(("RAG_", "OPENAI_")):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def fake_index(tmp_path_factory) -> Path:
    """A persistent Chroma index of the real corpus, embedded with the FakeEmbedder."""
    return build_fake_index(CORPUS, tmp_path_factory.mktemp("rag-fake") / "index")


@pytest.fixture
def llm_server():
    """A scripted OpenAI-compatible server on 127.0.0.1, closed after the test."""
    from tests.fixtures.fake_openai import FakeOpenAI

    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def make_settings(fake_index, llm_server):
    """Settings for the fake index and the scripted server; keyword arguments override."""
    from rag.settings import Settings

    def make(**overrides):
        values = dict(
            corpus_dir=CORPUS, index_dir=fake_index, chroma_url=None, llm="auto",
            llm_base_url=llm_server.base_url, llm_model="fake-model", llm_api_key="sk-test",
            llm_timeout=2,
            llm_judge=False,  # the model judge has its own tests; here each draft is one request
        )
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def make_assistant(make_settings, fake_embedder):
    """An Assistant over the fake index that drafts with the scripted server."""
    from rag.assistant import Assistant

    made = []

    def make(**overrides):
        assistant = Assistant(make_settings(**overrides), embedder=fake_embedder)
        made.append(assistant)
        return assistant

    yield make
    for assistant in made:
        assistant.close()


@pytest.fixture
def cite_sentences() -> Callable[..., Callable[[dict], str]]:
    """A reply that copies corpus sentences, each cited by the number the prompt gave it."""

    def reply(*sentences: str, offset: int = 0) -> Callable[[dict], str]:
        def build(body: dict) -> str:
            sources = prompt_sources(body)
            parts = []
            for sentence in sentences:
                n = number_of(sources, sentence)
                if offset:
                    n = (n - 1 + offset) % len(sources) + 1
                parts.append(f"{sentence.rstrip('.')} [{n}].")
            return " ".join(parts)

        return build

    return reply
