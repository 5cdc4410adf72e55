"""The service behind the routes: auth, the model name, and one Assistant answering one question at a time."""

from __future__ import annotations

import hmac
import logging
import threading
import time

from starlette.requests import Request

from api.errors import ApiError
from rag.answer import Answer
from rag.errors import BadQuestion, IndexNotReady
from rag.interface import Answerer

MODEL_ID = "cited"
log = logging.getLogger("rag.serve")


class ChatService:
    """One Assistant behind the routes; questions are answered one at a time, as in the chat UI.

    The chain's components (embedder, keyword index, LLM client) are shared and built lazily, so
    one process serves one question at a time; run more processes against a Chroma server to scale.
    """

    def __init__(self, assistant: Answerer, api_key: str | None = None, model: str = MODEL_ID):
        self.assistant = assistant
        self.api_key = api_key
        self.model = model
        self.created = int(time.time())
        self._lock = threading.Lock()

    def authorize(self, request: Request) -> None:
        """Check the bearer key when one is configured."""
        if self.api_key is None:
            return
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(key.strip().encode(), self.api_key.encode()):
            raise ApiError(401, "missing or incorrect API key: send 'Authorization: Bearer <RAG_API_KEY>'",
                           code="invalid_api_key")

    def check_model(self, model: str) -> None:
        """A 404 for any model but this server's own."""
        if model != self.model:
            raise ApiError(404, f"the model {model!r} does not exist; this server answers as {self.model!r}",
                           code="model_not_found", param="model")

    def answer(self, history: list[dict], question: str) -> Answer:
        """The Assistant's answer, with its errors as API errors."""
        try:
            with self._lock:
                return self.assistant.chat(history, question)
        except BadQuestion as error:
            raise ApiError(400, str(error), code="invalid_question", param="messages") from error
        except IndexNotReady as error:
            raise ApiError(503, str(error), code="index_not_ready", kind="server_error") from error
        except Exception as error:  # noqa: BLE001 - the boundary: one line out, the traceback in the log
            log.exception("answering failed")
            first = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise ApiError(500, f"the server failed to answer: {first}", code="internal_error",
                           kind="server_error") from error
