"""The HTTP routes. They only read requests, call the service and shape its Answer."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api import replies
from api.errors import ApiError
from api.requests import parse_chat
from api.service import MODEL_ID, ChatService
from rag.interface import Answerer

__all__ = ["MODEL_ID", "create_app"]


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
