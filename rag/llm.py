"""The LLM, reached only through the openai client: a configured endpoint or the local server."""

from __future__ import annotations

from collections.abc import Iterator

from rag.errors import LLMUnavailable
from rag.local_server import LocalServer
from rag.settings import Settings

LOCAL_KEY = "sk-local"  # llama.cpp's server ignores it, but the client insists on one
# About as long as a real prompt, so the first question does not pay for sizing the buffers.
_WARM_UP_PROMPT = "Sources: the city is a crossroads linking the capital to the coast. " * 20


class LLM:
    """Chat completions with bounded timeouts; every failure becomes LLMUnavailable."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.model = settings.model_name
        self.local = None
        if not settings.llm_base_url:
            self.local = LocalServer(settings.model_name, settings.index_dir.parent / "llm-server.log")
        self._client = None
        self._client_url: str | None = None

    @property
    def is_local(self) -> bool:
        return self.local is not None

    def describe(self) -> str:
        return f"{self.model} (local llama.cpp)" if self.is_local else f"{self.model} at {self.settings.llm_base_url}"

    def warm_up(self) -> None:
        """Start the local server now rather than on the first question."""
        if self.local is not None and not self.local.running:
            self.local.url()
            # The first inference pays for allocating the compute graph: pay it here.
            self.complete([{"role": "user", "content": _WARM_UP_PROMPT}], max_tokens=1)

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

    def stream(
        self, messages: list[dict], max_tokens: int, stop: list[str] | None = None
    ) -> Iterator[str]:
        """Text pieces of one chat completion, as they arrive."""
        import openai

        try:
            response = self.client().chat.completions.create(
                model=self.model, messages=messages, max_tokens=max_tokens,
                temperature=0.0, stream=True, stop=stop,
            )
            events = 0
            for event in response:
                events += 1
                if event.choices and event.choices[0].delta and event.choices[0].delta.content:
                    yield event.choices[0].delta.content
            if not events:  # a 200 whose body held no completion events at all
                raise LLMUnavailable(f"the LLM at {self._client_url} returned no completion")
        except openai.OpenAIError as error:
            raise LLMUnavailable(f"the LLM at {self._client_url} failed: {error}") from error
        except (ValueError, TypeError, AttributeError) as error:  # malformed events
            raise LLMUnavailable(f"the LLM returned something unreadable: {error}") from error

    def complete(self, messages: list[dict], max_tokens: int, stop: list[str] | None = None) -> str:
        """One chat completion's whole text."""
        return "".join(self.stream(messages, max_tokens, stop))
