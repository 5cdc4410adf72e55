"""Compare two runs case by case: refusal flips, fact-recall changes, changed answers."""

from __future__ import annotations

import json
from pathlib import Path

from rag.errors import RagError


def load_results(path: Path) -> dict[str, dict]:
    """Records by case id from a results.jsonl file or a run folder holding one."""
    path = Path(path)
    if path.is_dir():
        path = path / "results.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise RagError(f"cannot read results {path}: {error.strerror or error}") from error
    try:
        records = [json.loads(line) for line in lines if line.strip()]
        return {record["id"]: record for record in records}
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise RagError(f"{path} is not a results.jsonl file") from error


def case_changes(before: dict, after: dict) -> list[str]:
    """What changed in one case between two runs, one line each."""
    changes = []
    old_refused, new_refused = before["answer"]["refused"], after["answer"]["refused"]
    if old_refused != new_refused:
        changes.append(f"refused: {_yes_no(old_refused)} -> {_yes_no(new_refused)}")
    old_recall = before["scores"].get("fact_recall")
    new_recall = after["scores"].get("fact_recall")
    if old_recall != new_recall:
        changes.append(f"fact_recall: {_value(old_recall)} -> {_value(new_recall)}")
    if before["answer"]["answer"] != after["answer"]["answer"]:
        changes.append(f"answer was: {before['answer']['answer']}")
        changes.append(f"answer now: {after['answer']['answer']}")
    return changes


def compare(first: dict[str, dict], second: dict[str, dict]) -> list[str]:
    """Readable lines describing every case that differs between two runs."""
    lines, changed = [], 0
    for case_id in list(first) + [i for i in second if i not in first]:
        if case_id not in second or case_id not in first:
            where = "first" if case_id in first else "second"
            lines.append(f"{case_id}: only in the {where} run")
            changed += 1
            continue
        changes = case_changes(first[case_id], second[case_id])
        if changes:
            changed += 1
            lines.append(f"{case_id}:")
            lines.extend(f"  {change}" for change in changes)
    lines.append(f"{changed} of {len(set(first) | set(second))} cases changed")
    return lines


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _value(score) -> str:
    return "n/a" if score is None else f"{score:.2f}"
