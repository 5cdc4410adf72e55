"""A self-contained, offline report.html: metrics against thresholds, charts, worst cases."""

from __future__ import annotations

from html import escape
from pathlib import Path

from evals.cases import CASE_TYPES
from evals.gate import MAX_METRICS, MIN_METRICS, REPORTED_METRICS, Gate
from evals.metrics.average import mean
from evals.svg import grouped_bars, histogram

WORST = 10
_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
.pass{color:#1a7f37;font-weight:bold}.fail{color:#c62828;font-weight:bold}.na{color:#888}
.case{border:1px solid #ddd;padding:0.6em 1em;margin:1em 0}
blockquote{color:#444;margin:0.3em 1em}"""


def fmt(value) -> str:
    """A metric value for display: n/a for None, 4 significant digits otherwise."""
    return "n/a" if value is None else f"{round(value, 4):g}"


def verdict(value, threshold: tuple[str, float] | None) -> tuple[str, str]:
    """(css class, label) for a value against ("min"|"max", limit)."""
    if threshold is None:
        return "na", "not gated"
    if value is None:
        return "na", "n/a"
    kind, limit = threshold
    ok = value >= limit if kind == "min" else value <= limit
    return ("pass", "pass") if ok else ("fail", "FAIL")


def limit_label(threshold: tuple[str, float] | None, at_least: str, at_most: str) -> str:
    """'≥ 0.8' for a floor, '≤ 0.2' for a ceiling, '' when not gated."""
    if threshold is None:
        return ""
    kind, limit = threshold
    return f"{at_least if kind == 'min' else at_most} {limit:g}"


def metrics_table(summary: dict, gate: Gate) -> str:
    """The summary metrics with thresholds, per split, and pass/fail."""
    splits = list(summary.get("by_split", {}))
    head = "".join(f"<th>{escape(s)}</th>" for s in splits)
    rows = [f"<tr><th>metric</th><th>all</th>{head}<th>threshold</th><th>result</th></tr>"]
    for metric in ("cases", *MIN_METRICS, *MAX_METRICS, *REPORTED_METRICS):
        threshold = gate.threshold(metric)
        css, label = verdict(summary.get(metric), threshold)
        limit = limit_label(threshold, "≥", "≤")
        per_split = "".join(f"<td>{fmt(summary['by_split'][s].get(metric))}</td>" for s in splits)
        rows.append(
            f"<tr><td>{escape(metric)}</td><td>{fmt(summary.get(metric))}</td>{per_split}"
            f"<td>{escape(limit)}</td><td class='{css}'>{label}</td></tr>"
        )
    return "<table>" + "".join(rows) + "</table>"


def checks_table(summary: dict) -> str:
    """Refusals per gate check (false ones and correct ones), then leaks per case type."""
    head = ("<tr><th>check</th><th>false refusals</th><th>unanswerable caught</th>"
            "<th>false refusals, check alone</th><th>caught, check alone</th></tr>")
    rows = [
        f"<tr><td>{escape(name)}</td><td>{row['false_refusals']}</td><td>{row['caught']}</td>"
        f"<td>{row['alone_false_refusals']}</td><td>{row['alone_caught']}</td></tr>"
        for name, row in summary.get("refusals_by_check", {}).items()
    ]
    leaks = ", ".join(f"{escape(t)}: {n}" for t, n in summary.get("leaks_by_type", {}).items())
    return (f"<table>{head}{''.join(rows)}</table>"
            f"<p>Unanswerable cases answered (leaks), by type: {leaks or 'none'}.</p>")


def type_chart(records: list[dict]) -> str:
    """Per-type bars: mean fact recall and share refused."""
    types = [t for t in CASE_TYPES if any(r["type"] == t for r in records)]
    by_type = {t: [r for r in records if r["type"] == t] for t in types}
    series = {
        "fact recall": [mean(r["scores"]["fact_recall"] for r in by_type[t]) for t in types],
        "refused": [mean(float(r["scores"]["refused"]) for r in by_type[t]) for t in types],
    }
    return grouped_bars(types, series, "Fact recall and refusals by question type")


def case_block(record: dict) -> str:
    """One case: question, answer, scores and citations, every piece escaped."""
    answer = record["answer"]
    citations = "".join(
        f"<li>[{c['n']}] {escape(c['source'])} {c['start']}–{c['end']}: "
        f"<blockquote>{escape(c['text'])}</blockquote></li>"
        for c in answer.get("citations", [])
    )
    scores = ", ".join(
        f"{escape(k)}={fmt(v) if not isinstance(v, bool) else v}"
        for k, v in record["scores"].items()
        if v is not None
    )
    return (
        f"<div class='case'><b>{escape(record['id'])}</b> ({escape(record['type'])}, "
        f"{escape(record['split'])})<p><b>Q:</b> {escape(record['question'])}</p>"
        f"<p><b>A:</b> {escape(answer.get('answer', ''))}</p><p class='na'>{scores}</p>"
        f"<ul>{citations}</ul></div>"
    )


def worst_cases(records: list[dict], limit: int = WORST) -> list[dict]:
    """The lowest-quality cases, worst first; perfect cases are left out."""
    flawed = [r for r in records if r["scores"]["quality"] < 1.0]
    return sorted(flawed, key=lambda r: (r["scores"]["quality"], r["id"]))[:limit]


def render(summary: dict, records: list[dict], gate: Gate) -> str:
    """The whole report as one HTML string."""
    latencies = [r["latency_ms"] for r in records]
    worst = "".join(case_block(r) for r in worst_cases(records)) or "<p>No failing cases.</p>"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Evaluation report</title><style>{_STYLE}</style></head><body>"
        f"<h1>Evaluation report</h1><p>{summary.get('cases', 0)} cases.</p>"
        f"<h2>Metrics</h2>{metrics_table(summary, gate)}"
        f"<h2>Refusals by check</h2>{checks_table(summary)}"
        f"<h2>By question type</h2>{type_chart(records)}"
        f"<h2>Latency</h2>{histogram(latencies, 'Answer latency (ms)')}"
        f"<h2>Worst cases</h2>{worst}</body></html>"
    )


def write_report(path: Path, summary: dict, records: list[dict], gate: Gate) -> None:
    """Write report.html."""
    Path(path).write_text(render(summary, records, gate), encoding="utf-8")
