"""`rag serve`: the HTTP API's command, registered with the `rag` CLI by this package."""

from __future__ import annotations

import argparse
import sys

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(commands) -> None:
    """Add `rag serve` to the CLI's subcommands."""
    serve = commands.add_parser("serve", help="serve an OpenAI-compatible HTTP API")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default: 8080)")
    serve.add_argument("--no-llm", action="store_true", help="answer extractively (RAG_LLM=none)")
    serve.add_argument("--insecure", action="store_true",
                       help="listen beyond loopback without RAG_API_KEY")
    serve.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve the API until interrupted."""
    import uvicorn

    from api.app import MODEL_ID, create_app
    from rag.assistant import Assistant
    from rag.cli import settings_from
    from rag.errors import RagError

    settings = settings_from(args)
    if args.host not in LOOPBACK and not settings.api_key and not args.insecure:
        raise RagError(f"refusing to serve on {args.host} without RAG_API_KEY; set it, or pass --insecure")
    assistant = Assistant(settings)
    try:
        assistant.warm_up()
        app = create_app(assistant, api_key=settings.api_key or None)
        print(f"rag serve: http://{args.host}:{args.port}/v1 (model '{MODEL_ID}')", file=sys.stderr, flush=True)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        assistant.close()
    return 0
