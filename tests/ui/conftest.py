"""Browser fixtures: a real chat server on a free port, and headless Chromium watching requests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SERVER_START_S = 180  # the first start loads the embedder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_http(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"chat server exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"chat server did not answer on {url}:\n{log.read_text()[-2000:]}")


def _server_command(corpus: Path, env: dict) -> list[str]:
    # The real `rag chat` when the CLI has it; the fake assistant keeps the UI testable otherwise.
    # Either way the command ends where `--port N` is appended.
    rag = Path(sys.executable).parent / "rag"
    if rag.exists():
        subprocess.run([str(rag), "index"], env=env, cwd=ROOT, check=True, capture_output=True)
        return [str(rag), "chat"]
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'tests/fixtures/ui')!r});"
        "from fake_assistant import FakeAssistant; from ui.app import launch;"
        f"launch(FakeAssistant({str(corpus)!r}, delay=0.02), port=int(sys.argv[-1]))"
    )
    return [sys.executable, "-c", code]


@pytest.fixture(scope="session")
def chat_env(tmp_path_factory) -> dict:
    """RAG_* settings for a temporary copy of the corpus; extractive unless RAG_UI_TEST_LLM=auto."""
    work = tmp_path_factory.mktemp("chat")
    shutil.copytree(ROOT / "corpus", work / "corpus")
    env = {**os.environ, "RAG_LLM": os.environ.get("RAG_UI_TEST_LLM", "none"),
           "RAG_CORPUS_DIR": str(work / "corpus"), "RAG_INDEX_DIR": str(work / "index"),
           "GRADIO_ANALYTICS_ENABLED": "False"}
    env.pop("RAG_UI_AUTH", None)
    return env


@contextmanager
def serving(command: list[str], env: dict, log: Path):
    """Run a chat server command and yield its URL once it answers on HTTP; stop it after."""
    port = _free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for_http(url, process, log)
        yield url
    finally:
        # Ctrl+C, not SIGTERM: the CLI then closes the assistant and any LLM server it started.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def chat_url(chat_env) -> str:
    """Serve the chat on a free port and wait until it answers on HTTP."""
    env, corpus = chat_env, Path(chat_env["RAG_CORPUS_DIR"])
    with serving(_server_command(corpus, env), env, corpus.parent / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system, never a downloaded build."""
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, chat_url):
    """A fresh laptop-sized tab on the chat; ``page.requests`` lists every URL it asked for."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.goto(chat_url)
    tab.wait_for_selector("#cited-question textarea")
    yield tab
    context.close()

