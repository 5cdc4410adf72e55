"""`rag chat`: the browser chat's command, registered with the `rag` CLI by this package."""

from __future__ import annotations

import argparse
import os
import sys


def register(commands) -> None:
    """Add `rag chat` to the CLI's subcommands."""
    chat = commands.add_parser("chat", help="open the browser chat")
    chat.add_argument("--host", default="127.0.0.1",
                      help="address to serve on; beyond loopback it needs RAG_UI_AUTH or --insecure")
    chat.add_argument("--port", type=int, default=7860)
    chat.add_argument("--no-llm", action="store_true", help="answer extractively (RAG_LLM=none)")
    chat.add_argument("--insecure", action="store_true",
                      help="serve beyond loopback without a login (anyone who can reach it may read)")
    chat.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve the chat until interrupted."""
    from rag.assistant import Assistant
    from rag.cli import settings_from
    from ui.app import launch
    from ui.auth import AUTH_ENV, check_exposure

    # Checked before anything loads: an exposed chat without a login never starts by accident.
    warning = check_exposure(args.host, os.environ.get(AUTH_ENV), args.insecure)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    assistant = Assistant(settings_from(args))
    try:
        launch(assistant, host=args.host, port=args.port)
    finally:
        assistant.close()
    return 0
