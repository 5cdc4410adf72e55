"""The raw engines the benchmark compares against.

`chroma run` is started here, not through rag, so the bare store baseline touches nothing of ours.
A bare completion replays, over raw HTTP, the exact request the chain sent to its own llama.cpp
server, on that same server.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited; see {log}")
        try:
            with _DIRECT.open(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f}s; see {log}")


class Server:
    """A child process serving HTTP on loopback, stopped on exit from the with-block."""

    def __init__(self, command: list[str], health_path: str, port: int, log: Path, timeout: float = 120):
        self.port, self.log = port, log
        self.url = f"http://127.0.0.1:{port}"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as handle:
            env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
            self.process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=env)
        try:
            _wait(self.url + health_path, self.process, timeout, log)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.stop()


def chroma_server(path: Path, log: Path) -> Server:
    """`chroma run` over a persistent folder (the embedded store's folder format is the same)."""
    chroma = Path(sys.executable).with_name("chroma")
    port = free_port()
    command = [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    return Server(command, "/api/v2/heartbeat", port, log)


def bare_ttft_s(base_url: str, body: dict) -> float:
    """Seconds from sending a streamed chat completion to its first content token, over raw HTTP."""
    url = urlparse(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    payload = json.dumps({**body, "stream": True}).encode()
    started = time.perf_counter()
    connection.request("POST", "/v1/chat/completions", body=payload,
                       headers={"Content-Type": "application/json", "Authorization": "Bearer sk-bench"})
    response = connection.getresponse()
    first = None
    for line in response:
        if first is None and line.startswith(b"data: {"):
            delta = json.loads(line[6:])["choices"][0].get("delta", {})
            if delta.get("content"):
                first = time.perf_counter() - started
    connection.close()
    if first is None:
        raise RuntimeError("the bare completion produced no content")
    return first
