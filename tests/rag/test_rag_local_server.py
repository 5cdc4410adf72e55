"""The local server's life cycle with a stand-in engine: health means a completion, restarts are bounded."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rag.errors import LLMUnavailable
from rag.llm import LLM
from rag.local_server import LocalServer, exit_reason

ENGINE = Path(__file__).resolve().parents[1] / "fixtures" / "fake_engine.py"
MESSAGES = [{"role": "user", "content": "Say something."}]


@pytest.fixture
def make_server(tmp_path):
    made = []

    def make(mode: str, **options) -> LocalServer:
        starts = tmp_path / f"starts-{len(made)}"
        server = LocalServer("fake-engine", tmp_path / "llm-server.log",
                             command=[sys.executable, str(ENGINE), mode, str(starts)], **options)
        server.starts_file = starts
        made.append(server)
        return server

    yield make
    for server in made:
        server.stop()


def starts(server: LocalServer) -> int:
    return len(server.starts_file.read_text().splitlines()) if server.starts_file.exists() else 0


def test_a_healthy_engine_is_ready_after_one_real_completion(make_server):
    server = make_server("never")

    url = server.url()

    assert url.startswith("http://127.0.0.1:") and server.status() == {"state": "ready", "reason": None}
    assert server.url() == url and starts(server) == 1


def test_a_server_started_from_a_passing_thread_outlives_it(make_server):
    # The chat starts the server from whichever worker thread asks first; that thread may end.
    import threading
    import time

    server = make_server("never")
    starter = threading.Thread(target=server.url)
    starter.start()
    starter.join()
    time.sleep(0.5)

    assert server.running and server.status()["state"] == "ready"


def test_an_engine_that_crashes_on_its_first_completion_is_down_with_the_reason(make_server):
    server = make_server("health", max_starts=3, backoff_s=(0.0, 60.0))

    with pytest.raises(LLMUnavailable) as caught:
        server.url()

    assert caught.value.reason == "local LLM crashed (SIGSEGV)"
    assert server.status() == {"state": "down", "reason": "local LLM crashed (SIGSEGV)"}
    assert "local LLM down: local LLM crashed (SIGSEGV)" in server.log_path.read_text()


def test_no_restart_is_tried_while_the_breaker_waits(make_server):
    server = make_server("health", max_starts=3, backoff_s=(0.0, 60.0))
    with pytest.raises(LLMUnavailable):
        server.url()

    for _ in range(3):
        with pytest.raises(LLMUnavailable, match="next restart"):
            server.url()

    assert starts(server) == 1


def test_restarts_are_bounded(make_server):
    server = make_server("health", max_starts=3, backoff_s=(0.0,))

    for _ in range(6):
        with pytest.raises(LLMUnavailable):
            server.url()

    assert starts(server) == 3
    with pytest.raises(LLMUnavailable, match="gave up after 3 starts"):
        server.url()


def test_a_crash_during_a_request_is_reported_as_a_crash(make_server, tmp_path):
    from rag.settings import Settings

    server = make_server("chat", backoff_s=(0.0, 60.0))
    llm = LLM(Settings(index_dir=tmp_path / "index", llm_timeout=5), local=server)

    with pytest.raises(LLMUnavailable) as caught:
        llm.complete(MESSAGES, 8)

    assert caught.value.reason == "local LLM crashed (SIGSEGV)"
    assert llm.status()["state"] == "down" and starts(server) == 1


def test_requests_take_turns_so_waiting_does_not_count_against_the_deadline(make_server, tmp_path):
    # Three questions at once on a server that serves one at a time and takes 0.8 s each: the
    # last is served after 1.6 s of waiting, past its 1.5 s deadline had the wait counted.
    import threading

    from rag.settings import Settings

    llm = LLM(Settings(index_dir=tmp_path / "index", llm_timeout=1.5), local=make_server("slow"))
    llm.warm_up()
    replies, failures = [], []

    def ask() -> None:
        try:
            replies.append(llm.complete(MESSAGES, 8))
        except LLMUnavailable as error:
            failures.append(error.reason)

    askers = [threading.Thread(target=ask) for _ in range(3)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()

    assert failures == [] and replies == ["Fine."] * 3


def test_a_request_that_waits_too_long_for_its_turn_says_the_llm_is_busy(make_server):
    server = make_server("never")

    with server.turn(), pytest.raises(LLMUnavailable) as caught, server.turn(wait_s=0.1):
        pass

    assert caught.value.reason == "local LLM busy" and server.waiting == 0


def test_the_answer_says_why_it_was_not_drafted(make_server, make_settings, fake_embedder):
    from rag.assistant import Assistant

    settings = make_settings(llm_base_url=None)
    llm = LLM(settings, local=make_server("health", backoff_s=(0.0, 60.0)))
    assistant = Assistant(settings, embedder=fake_embedder, llm=llm)

    answer = assistant.ask("Which cities did the rebels capture?")

    assert answer.degraded and answer.degraded_reason == "local LLM crashed (SIGSEGV)"
    assert answer.to_dict()["degraded_reason"] == "local LLM crashed (SIGSEGV)"
    assert answer.citations and answer.mode == "extractive"
    assert assistant.llm_status()["state"] == "down"


@pytest.mark.parametrize(("code", "reason"), [(-11, "local LLM crashed (SIGSEGV)"),
                                               (-4, "local LLM crashed (SIGILL)"),
                                               (1, "local LLM exited (code 1)")])
def test_exit_reasons_name_the_signal(code, reason):
    assert exit_reason(code) == reason
