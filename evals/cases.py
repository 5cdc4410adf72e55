"""The evaluation dataset: JSONL cases, loaded and checked."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import RagError

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_CASES = DATA_DIR / "cases.jsonl"
OVERLAY_DIR = DATA_DIR / "overlay"
CASE_TYPES = (
    "factoid",
    "why",
    "multihop",
    "paraphrase",
    "followup",
    "unanswerable",
    "false_premise",
    "out_of_domain",
    "injection",
)
SPLITS = ("dev", "test")
_REQUIRED = ("id", "type", "split", "question", "answerable")


@dataclass(frozen=True)
class Case:
    """One question, what a good answer contains, and where the evidence is."""

    id: str
    type: str
    split: str
    question: str
    answerable: bool
    facts: list[list[str]] = field(default_factory=list)
    passages: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)


def parse_case(data: dict, where: str) -> Case:
    """One JSON object to a Case; raises RagError naming the line when it is malformed."""
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise RagError(f"{where}: missing {', '.join(missing)}")
    if data["type"] not in CASE_TYPES:
        raise RagError(f"{where}: unknown type {data['type']!r}")
    if data["split"] not in SPLITS:
        raise RagError(f"{where}: split must be dev or test, not {data['split']!r}")
    try:
        return Case(**{key: data[key] for key in Case.__dataclass_fields__ if key in data})
    except TypeError as error:
        raise RagError(f"{where}: {error}") from error


def read_jsonl(path: Path, kind: str, parse):
    """parse(record, where) for each line of a JSONL file; RagError names the file and line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise RagError(f"cannot read {kind} file {path}: {error.strerror or error}") from error
    parsed = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise RagError(f"{path}:{number}: not JSON ({error.msg})") from error
        parsed.append(parse(data, f"{path}:{number}"))
    return parsed


def load_cases(path: Path = DEFAULT_CASES, split: str = "all") -> list[Case]:
    """The cases in a JSONL file, filtered to one split ('dev', 'test' or 'all')."""
    cases = read_jsonl(path, "cases", parse_case)
    chosen = [case for case in cases if split == "all" or case.split == split]
    if not chosen:
        raise RagError(f"no {'' if split == 'all' else split + ' '}cases in {path}")
    return chosen
