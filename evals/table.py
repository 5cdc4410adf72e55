"""The summary as a plain-text table for the terminal."""

from __future__ import annotations

from evals.gate import MAX_METRICS, MIN_METRICS, REPORTED_METRICS, Gate
from evals.report import fmt, limit_label, verdict


def summary_table(summary: dict, gate: Gate) -> str:
    """Metric, overall value, per-split values, threshold and result, one row per metric."""
    splits = list(summary.get("by_split", {}))
    extra = [k for k in summary if k.startswith("llm_judge_")]
    rows = [["metric", "all", *splits, "threshold", "result"]]
    for metric in ("cases", *MIN_METRICS, *MAX_METRICS, *REPORTED_METRICS, *extra):
        threshold = gate.threshold(metric)
        limit = limit_label(threshold, ">=", "<=")
        per_split = [fmt(summary["by_split"][s].get(metric)) for s in splits]
        rows.append([metric, fmt(summary.get(metric)), *per_split, limit,
                     verdict(summary.get(metric), threshold)[1]])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows)
    return "\n".join(line.rstrip() for line in lines)


def checks_lines(summary: dict) -> str:
    """Refusals per gate check and leaks per case type, one short line each."""
    lines = [
        f"refused by {name}: {row['false_refusals']} answerable, {row['caught']} unanswerable"
        for name, row in summary.get("refusals_by_check", {}).items()
    ]
    leaks = ", ".join(f"{t} {n}" for t, n in summary.get("leaks_by_type", {}).items())
    return "\n".join([*lines, f"leaks by type: {leaks or 'none'}"])
