"""Scale-out: two `rag serve` processes against one `chroma run` server answer alike."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import openai
import pytest

from tests.api.conftest import free_port
from tests.index.conftest import chroma_server  # noqa: F401 - the fixture, shared with the index tests
from tests.rag.support import CORPUS, ROOT, corpus_text

SERVE_START_S = 180
QUESTIONS = ["Which cities did the rebels capture?", "What is the recipe for a chocolate cake?"]


def rag(*args: str, env: dict, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "rag.cli", *args], cwd=ROOT, env=env, **kwargs)


def wait_until_serving(process, url: str, log) -> None:
    deadline = time.monotonic() + SERVE_START_S
    while True:
        try:
            if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            pytest.fail(f"rag serve did not start at {url}:\n{log.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.2)


@pytest.fixture
def launch(chroma_server, tmp_path):  # noqa: F811 - the imported fixture
    """Index the corpus into the Chroma server, then start `rag serve` processes over it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAG_CHROMA_URL": chroma_server,
           "RAG_CORPUS_DIR": str(CORPUS), "RAG_INDEX_DIR": str(tmp_path / "local")}
    indexed = subprocess.run([sys.executable, "-m", "rag.cli", "index", "--json"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=600)
    assert indexed.returncode == 0, indexed.stderr
    processes = []

    def start(count: int, **variables: str) -> list[str]:
        urls = []
        for _ in range(count):
            port = free_port()
            log = (tmp_path / f"serve-{port}.log").open("w+b")
            process = rag("serve", "--port", str(port), env={**env, **variables}, stdout=log, stderr=log)
            processes.append((process, log))
            urls.append(f"http://127.0.0.1:{port}/v1")
        for (process, log), url in zip(processes[-count:], urls):
            wait_until_serving(process, url, log)
        return urls

    try:
        yield start
    finally:
        for process, log in processes:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
    # A replica may cache its keyword index locally, but the chunks live on the server alone.
    assert not list((tmp_path / "local").rglob("chroma.sqlite3")), "a replica must not write a local store"


@pytest.mark.slow
def test_two_replicas_on_one_chroma_server_answer_identically(launch):
    urls = launch(2, RAG_LLM="none")
    clients = [openai.OpenAI(base_url=url, api_key="unused", max_retries=0, timeout=120) for url in urls]
    for question in QUESTIONS:
        messages = [{"role": "user", "content": question}]
        replies = [c.chat.completions.create(model="cited", messages=messages).choices[0].message
                   for c in clients]
        first, second = ({k: v for k, v in r.model_dump().items() if k != "timings_ms"} for r in replies)
        assert first == second
        assert first["refused"] == (question == QUESTIONS[1])
        for citation in first["citations"]:
            assert corpus_text(citation["source"])[citation["start"]:citation["end"]] == citation["text"]
    assert replies[0].refused and not replies[0].citations


@pytest.mark.slow
def test_serve_with_the_local_llm_streams_a_verified_cited_answer(launch):
    from rag.answer import Answer, Citation
    from tests.rag.support import assert_contract

    (url,) = launch(1, RAG_LLM="auto", RAG_LLM_TIMEOUT="60")
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0, timeout=180)
    messages = [{"role": "user", "content": QUESTIONS[0]}]

    chunks = list(client.chat.completions.create(model="cited", messages=messages, stream=True))

    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    last = chunks[-1].choices[0].delta
    assert last.refused is False and last.degraded is False and last.mode in ("generated", "extractive")
    assert_contract(Answer(QUESTIONS[0], text, last.refused, [Citation(**c) for c in last.citations]))
