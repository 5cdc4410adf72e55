"""The HTTP routes. They only read requests, call the Assistant and shape its Answer."""

from __future__ import annotations

import hmac
import logging
import threading
import time

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api import replies
from api.errors import ApiError
from api.requests import parse_chat
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


def create_app(assistant: Answerer, *, api_key: str | None = None, model: str = MODEL_ID) -> Starlette:
    """The ASGI app: GET /v1/models[/{model}] and POST /v1/chat/completions over one Assistant."""
    service = ChatService(assistant, api_key, model)

    async def list_models(request: Request) -> Response:
        service.authorize(request)
        return JSONResponse(replies.models(service.model, service.created))

    async def get_model(request: Request) -> Response:
        service.authorize(request)
        service.check_model(request.path_params["model"])
        return JSONResponse(replies.model_card(service.model, service.created))

    async def chat_completions(request: Request) -> Response:
        service.authorize(request)
        chat = parse_chat(await request.body())
        if chat.model is not None:
            service.check_model(chat.model)
        answer = await run_in_threadpool(service.answer, chat.history, chat.question)
        if chat.stream:
            return StreamingResponse(replies.sse(answer, service.model), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache"})
        return JSONResponse(replies.completion(answer, service.model))

    return Starlette(
        routes=[Route("/v1/models", list_models, methods=["GET"]),
                Route("/v1/models/{model:path}", get_model, methods=["GET"]),
                Route("/v1/chat/completions", chat_completions, methods=["POST"])],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
    )


async def _api_error(request: Request, error: ApiError) -> Response:
    return error.response()


async def _http_error(request: Request, error: HTTPException) -> Response:
    # Unknown paths and methods answer in the same JSON shape as every other error.
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code)
    message = f"{request.method} {request.url.path}: {error.detail}"
    return ApiError(error.status_code, message, code=code).response()
