"""The `rag` command. Errors become one line and a non-zero exit.

The core commands (index, ask) live here; front ends add their own (the chat adds `chat`, the eval
suite adds `eval`) through the `rag.commands` entry-point group, so this module imports none of them.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from rag.errors import RagError
from rag.settings import Settings

COMMAND_GROUP = "rag.commands"


# The flag that sets each setting, so a bad value is reported as the flag the user typed.
_FLAGS = {"corpus_dir": "--corpus", "index_dir": "--index", "top_k": "--top-k"}


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the environment, with the command's flags (--corpus, --index, …) on top."""
    from pydantic import ValidationError

    overrides = {k: v for k, v in {
        "corpus_dir": getattr(args, "corpus", None),
        "index_dir": getattr(args, "index", None),
        "top_k": getattr(args, "top_k", None),
        "llm": "none" if getattr(args, "no_llm", False) else None,
    }.items() if v is not None}
    try:
        return Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        if field in overrides and field in _FLAGS:
            raise RagError(f"{_FLAGS[field]} {overrides[field]}: {first['msg']}") from error
        raise


def cmd_index(args: argparse.Namespace) -> int:
    from rag.indexing import update_index

    settings = settings_from(args)
    _require_documents(settings)
    progress = None
    if sys.stderr.isatty() and not args.json:
        from tqdm import tqdm

        progress = lambda items: tqdm(items, desc="indexing", unit="doc")  # noqa: E731
    report = update_index(settings, progress)
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
    if report["documents"] == 0:
        raise RagError(f"none of the documents in {settings.corpus_dir} could be read (see skipped)")
    return 0


def _require_documents(settings: Settings) -> None:
    """An empty corpus is an error before anything is built: a wrong --corpus must not empty an index."""
    from index.loaders import SUPPORTED_SUFFIXES, discover

    folder = settings.corpus_dir
    if folder.is_dir() and not any(p.suffix.lower() in SUPPORTED_SUFFIXES for p in discover(folder)):
        raise RagError(f"no documents to index in {folder}: add .txt, .md, .html or .pdf files")


def cmd_ask(args: argparse.Namespace) -> int:
    from rag.assistant import Assistant

    assistant = Assistant(settings_from(args))
    try:
        answer = assistant.ask(args.question)
    finally:
        assistant.close()
    if answer.degraded:
        print(f"rag ask: the LLM was unavailable ({answer.degraded_reason}): the answer quotes passages",
              file=sys.stderr)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return 0
    print(answer.text)
    for citation in answer.citations:
        print(f"[{citation.n}] {citation.source}:{citation.start}-{citation.end}  {citation.text}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--version", action="version", version=f"rag {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="build or update the index of the corpus")
    index.add_argument("--corpus", type=Path, help="documents folder (RAG_CORPUS_DIR)")
    index.add_argument("--index", type=Path, help="index folder (RAG_INDEX_DIR)")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.set_defaults(run=cmd_index)

    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--corpus", type=Path, help="documents folder (RAG_CORPUS_DIR)")
    ask.add_argument("--index", type=Path, help="index folder (RAG_INDEX_DIR)")
    ask.add_argument("--json", action="store_true", help="print the Answer JSON")
    ask.add_argument("--top-k", type=int, help="passages to retrieve")
    ask.add_argument("--no-llm", action="store_true", help="answer extractively (RAG_LLM=none)")
    ask.set_defaults(run=cmd_ask, read_only=True)

    for entry in _registered_commands():
        _register(commands, entry)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rag-assistant")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _registered_commands() -> list:
    from importlib.metadata import entry_points

    return sorted(entry_points(group=COMMAND_GROUP), key=lambda entry: entry.name)


def _register(commands, entry) -> None:
    # A front end that cannot be imported (a missing optional dependency) must not take the
    # other commands down with it: its command stays listed and says why when used.
    try:
        register = entry.load()
    except ImportError as error:
        reason = f"the '{entry.name}' command cannot load ({error}); reinstall with 'make install'"
        unavailable = commands.add_parser(entry.name, help=f"unavailable: {error}")
        unavailable.set_defaults(run=lambda args: _fail(reason))
        return
    register(commands)


def _fail(message: str) -> int:
    raise RagError(message)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `rag` console script (``argv`` given: called as a function, as tests do)."""
    parser = _parser()
    args = parser.parse_args(argv)
    code = _run(args)
    if argv is None and getattr(args, "read_only", False):
        _exit_at_once(code)
    return code


def _exit_at_once(code: int) -> None:
    """End the process without tearing down the loaded models, about 1.5 s of a cold `rag ask`.

    Only for a command that writes nothing after it returns: its output is flushed here, and the
    local LLM server it started was stopped by the command itself.
    """
    import logging
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


def _run(args: argparse.Namespace) -> int:
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
