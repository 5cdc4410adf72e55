"""The LLM, reached only through the openai client: a configured endpoint or the local server.

Every call has a hard deadline. The HTTP response is read on a worker thread and the caller waits
on a queue, so no stream can hold an answer past it: not one that sends nothing, nor keep-alive
comments, empty deltas, a byte at a time, or text without end.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator

from rag.errors import LLMUnavailable
from rag.local_server import LocalServer
from rag.settings import Settings

LOCAL_KEY = "sk-local"  # llama.cpp's server ignores it, but the client insists on one
_DONE = object()


class LLM:
    """Chat completions with a hard deadline; every failure becomes LLMUnavailable with a reason."""

    def __init__(self, settings: Settings, local: LocalServer | None = None):
        self.settings = settings
        self.model = settings.model_name
        self.local = local
        if local is None and not settings.llm_base_url:
            self.local = LocalServer(settings.model_name, settings.index_dir.parent / "llm-server.log")
        self._client = None
        self._client_url: str | None = None
        self._last_error: str | None = None
        self._answered = False

    @property
    def is_local(self) -> bool:
        return self.local is not None

    def describe(self) -> str:
        return f"{self.model} (local llama.cpp)" if self.is_local else f"{self.model} at {self.settings.llm_base_url}"

    def status(self) -> dict:
        """The LLM's real state: 'ready', 'starting', 'stopped', 'down' or 'configured' (not yet called)."""
        if self.local is not None:
            state = self.local.status()
            return {"state": state["state"], "detail": self.describe(), "reason": state["reason"]}
        state = "down" if self._last_error else "ready" if self._answered else "configured"
        return {"state": state, "detail": self.describe(), "reason": self._last_error}

    def warm_up(self) -> None:
        """Start the local server now (it answers one real completion before it counts as up), and
        make the client, whose import alone takes a noticeable part of a cold start."""
        self.client()

    def client(self):
        import openai

        url = self.local.url() if self.local is not None else self.settings.llm_base_url
        if self._client is None or url != self._client_url:
            self._client = openai.OpenAI(
                base_url=url,
                api_key=self.settings.llm_api_key or LOCAL_KEY,
                timeout=self.settings.llm_timeout,
                max_retries=0,
            )
            self._client_url = url
        return self._client

    def stream(self, messages: list[dict], max_tokens: int, stop: list[str] | None = None,
               deadline_s: float | None = None) -> Iterator[str]:
        """Text pieces of one chat completion as they arrive, all within deadline_s (RAG_LLM_TIMEOUT)."""
        limit = deadline_s if deadline_s is not None else self.settings.llm_timeout
        try:
            client = self.client()
        except Exception as error:  # noqa: BLE001 - a server that cannot start is one more failure
            raise self._unavailable(error) from error
        if self.local is None:
            yield from self._stream(client, messages, max_tokens, stop, limit)
            return
        with self.local.turn():  # the deadline counts from when the local server is ours
            yield from self._stream(client, messages, max_tokens, stop, limit)

    def _stream(self, client, messages: list[dict], max_tokens: int, stop: list[str] | None,
                limit: float) -> Iterator[str]:
        deadline = time.monotonic() + limit
        call = _Call(client, dict(model=self.model, messages=messages, max_tokens=max_tokens,
                                  temperature=0.0, stream=True, stop=stop))
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._last_error = "timed out"
                    raise LLMUnavailable(f"the LLM took longer than {limit:g}s", "timed out")
                try:
                    item = call.pieces.get(timeout=remaining)
                except queue.Empty:
                    continue
                if item is _DONE:
                    self._answered, self._last_error = True, None
                    return
                if isinstance(item, BaseException):
                    raise self._unavailable(item) from item
                yield item
        finally:
            call.cancel()

    def complete(self, messages: list[dict], max_tokens: int, stop: list[str] | None = None,
                 deadline_s: float | None = None) -> str:
        """One chat completion's whole text."""
        return "".join(self.stream(messages, max_tokens, stop, deadline_s))

    def _unavailable(self, error: BaseException) -> LLMUnavailable:
        """Any failure as LLMUnavailable, with a reason a reader understands; remembered for status()."""
        if not isinstance(error, LLMUnavailable):
            reason = self._reason(error)
            error = LLMUnavailable(f"the LLM at {self._client_url} failed ({reason}): {error}", reason)
        self._last_error = error.reason
        return error

    def _reason(self, error: BaseException) -> str:
        import openai

        if isinstance(error, openai.APITimeoutError):
            return "timed out"
        if isinstance(error, openai.AuthenticationError):
            return "endpoint rejected the API key"
        if isinstance(error, openai.APIStatusError):  # the server answered, so it is alive
            return f"endpoint returned HTTP {error.status_code}"
        # A dropped connection or a broken stream may be the local engine dying under the request.
        crashed = self.local.failed() if self.local is not None else None
        if crashed:
            return crashed
        if isinstance(error, openai.APIConnectionError):
            return "endpoint refused connection"
        if isinstance(error, _EmptyReply):
            return "endpoint returned no completion"
        return "endpoint sent an unreadable reply"


class _EmptyReply(Exception):
    """A 200 whose body held no completion events at all."""


class _Call:
    """One streamed completion read on a daemon thread into a queue; cancel() abandons it."""

    def __init__(self, client, request: dict):
        self.pieces: queue.Queue = queue.Queue()
        self._cancelled = threading.Event()
        self._response = None
        self._client = client
        self._request = request
        threading.Thread(target=self._pump, daemon=True, name="llm-stream").start()

    def _pump(self) -> None:
        try:
            self._response = self._client.chat.completions.create(**self._request)
            events = 0
            for event in self._response:
                if self._cancelled.is_set():
                    return
                events += 1
                if event.choices and event.choices[0].delta and event.choices[0].delta.content:
                    self.pieces.put(event.choices[0].delta.content)
            self.pieces.put(_DONE if events else _EmptyReply("no completion events"))
        except BaseException as error:  # noqa: BLE001 - handed to the waiting caller
            if not self._cancelled.is_set():
                self.pieces.put(error)
        finally:
            self._close()

    def cancel(self) -> None:
        self._cancelled.set()
        self._close()

    def _close(self) -> None:
        response = self._response
        if response is not None:
            try:
                response.close()  # drops the connection: a stalled read on the worker ends
            except Exception:  # noqa: BLE001, S110 - closing a dead stream may fail; nothing to do
                pass
