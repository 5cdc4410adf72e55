"""The `rag` command: index, ask, chat and eval. Errors become one line and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from rag.errors import RagError
from rag.settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {k: v for k, v in {
        "corpus_dir": getattr(args, "corpus", None),
        "index_dir": getattr(args, "index", None),
        "top_k": getattr(args, "top_k", None),
        "llm": "none" if getattr(args, "no_llm", False) else None,
    }.items() if v is not None}
    return Settings(**overrides)


def cmd_index(args: argparse.Namespace) -> int:
    from rag.indexing import update_index

    progress = None
    if sys.stderr.isatty() and not args.json:
        from tqdm import tqdm

        progress = lambda items: tqdm(items, desc="indexing", unit="doc")  # noqa: E731
    report = update_index(_settings(args), progress)
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{report['documents']} documents, {report['chunks']} chunks: {report['added']} added, "
            f"{report['updated']} updated, {report['removed']} removed, "
            f"{report['unchanged']} unchanged ({report['seconds']}s)"
        )
        for skipped in report["skipped"]:
            print(f"skipped {skipped['source']}: {skipped['reason']}", file=sys.stderr)
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from rag.assistant import Assistant

    assistant = Assistant(_settings(args))
    try:
        answer = assistant.ask(args.question)
    finally:
        assistant.close()
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return 0
    print(answer.text)
    if answer.degraded:
        print("(the LLM was unavailable: these are quoted passages)", file=sys.stderr)
    for citation in answer.citations:
        print(f"[{citation.n}] {citation.source}:{citation.start}-{citation.end}  {citation.text}")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from rag.assistant import Assistant
    from ui.app import launch

    assistant = Assistant(_settings(args))
    try:
        launch(assistant, host=args.host, port=args.port)
    finally:
        assistant.close()
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from evals.cli import command

    return command(args, _settings(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="build or update the index of the corpus")
    index.add_argument("--corpus", type=Path, help="documents folder (RAG_CORPUS_DIR)")
    index.add_argument("--index", type=Path, help="index folder (RAG_INDEX_DIR)")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.set_defaults(run=cmd_index)

    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the Answer JSON")
    ask.add_argument("--top-k", type=int, help="passages to retrieve")
    ask.add_argument("--no-llm", action="store_true", help="answer extractively (RAG_LLM=none)")
    ask.set_defaults(run=cmd_ask)

    chat = commands.add_parser("chat", help="open the browser chat")
    chat.add_argument("--host", default="127.0.0.1")
    chat.add_argument("--port", type=int, default=7860)
    chat.add_argument("--no-llm", action="store_true", help="answer extractively (RAG_LLM=none)")
    chat.set_defaults(run=cmd_chat)

    evaluate = commands.add_parser("eval", help="run the eval suite and gate on its thresholds")
    try:
        from evals.cli import add_arguments
    except ImportError:
        add_arguments = None
    if add_arguments is not None:
        add_arguments(evaluate)
    evaluate.set_defaults(run=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `rag` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    # SIGTERM unwinds like Ctrl+C, so `finally` blocks stop the local LLM server.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("rag: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the boundary where errors become one line
        if args.debug:
            raise
        print(f"rag {args.command}: error: {_message(error)}", file=sys.stderr)
        return 2 if isinstance(error, RagError) else 1


def _message(error: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(error, ValidationError):
        first = error.errors()[0]
        name = "_".join(map(str, first["loc"])).upper() or "?"
        return f"setting {name if name.startswith(('RAG_', 'OPENAI_')) else 'RAG_' + name}: {first['msg']}"
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
