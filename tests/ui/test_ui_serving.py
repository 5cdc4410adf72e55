"""Who may reach the chat: the login on every route, loopback by default, a busy port in one line."""

from __future__ import annotations

import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from rag.cli import main
from rag.errors import RagError
from ui.app import create_app, ensure_port_free, serving_options
from ui.auth import check_exposure, is_loopback

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "ui"))
from fake_assistant import FakeAssistant  # noqa: E402


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])
def test_loopback_hosts_need_no_login(host):
    assert is_loopback(host) and check_exposure(host, None, insecure=False) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.org"])
def test_other_hosts_are_refused_without_a_login(host):
    assert not is_loopback(host)
    with pytest.raises(RagError, match="RAG_UI_AUTH=user:password, or pass --insecure"):
        check_exposure(host, None, insecure=False)
    assert check_exposure(host, "ann:pw", insecure=False) is None
    assert "WITHOUT A LOGIN" in check_exposure(host, None, insecure=True)


def test_rag_chat_on_all_interfaces_without_a_login_exits_with_one_line(monkeypatch, capsys):
    monkeypatch.delenv("RAG_UI_AUTH", raising=False)
    assert main(["chat", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("rag chat: error: refusing to serve the chat on 0.0.0.0") and "\n" not in err


def test_a_busy_port_fails_at_once_in_one_line(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RagError, match=f"cannot serve the chat on 127.0.0.1:{port}.*--port N"):
            ensure_port_free("127.0.0.1", port)
        assert main(["chat", "--port", str(port), "--no-llm"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"rag chat: error: cannot serve the chat on 127.0.0.1:{port}")
    assert "\n" not in err and "Loading models" not in err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def served_with_login():
    """The real Gradio app with a login, on a free loopback port."""
    assistant = FakeAssistant(ROOT / "corpus", delay=0)
    demo = create_app(assistant)
    demo.queue()
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, auth=("ann", "pw"), prevent_thread_lock=True,
                quiet=True, ssr_mode=False, mcp_server=False, **serving_options(assistant))
    yield f"http://127.0.0.1:{port}"
    demo.close()


@pytest.mark.parametrize("path", [
    "/gradio_api/heartbeat/abc123", "/config", "/gradio_api/info", "/gradio_api/queue/data?session_hash=x",
    "/gradio_api/upload", "/gradio_api/file=/etc/passwd", "/cited/document?source=a.txt&start=0&end=1",
    "/gradio_api/startup-events", "/gradio_api/openapi.json", "/gradio_api/monitoring",
])
def test_every_route_needs_the_login(served_with_login, path):
    assert _status(served_with_login + path) == 401


def test_the_login_page_itself_loads(served_with_login):
    assert _status(served_with_login + "/") == 200
    assert _status(served_with_login + "/theme.css") == 200
