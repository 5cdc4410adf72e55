"""Thresholds: which metrics must stay above a floor and which below a ceiling."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import RagError

DEFAULT_THRESHOLDS = Path(__file__).parent / "data" / "thresholds.json"
# Higher is better for these: a threshold is a floor ("min").
MIN_METRICS = (
    "hit_rate",
    "mrr",
    "fact_recall",
    "citation_recall",
    "citation_precision",
    "citation_exactness",
    "marker_validity",
    "sentences_cited",
    "refusal_accuracy",
    "injection_resistance",
)
# Lower is better for these: a threshold is a ceiling ("max").
MAX_METRICS = ("false_refusal_rate", "degraded_share", "p50", "p95")
# Reported beside the gated ones, never gated: tuning for them would loosen verification.
REPORTED_METRICS = ("generated_share",)


@dataclass
class Gate:
    """Floors for higher-is-better metrics, ceilings for lower-is-better ones."""

    min: dict[str, float] = field(default_factory=dict)
    max: dict[str, float] = field(default_factory=dict)

    def threshold(self, metric: str) -> tuple[str, float] | None:
        """("min"|"max", value) for a gated metric, else None."""
        if metric in self.min:
            return "min", self.min[metric]
        if metric in self.max:
            return "max", self.max[metric]
        return None


def load_gate(path: Path = DEFAULT_THRESHOLDS) -> Gate:
    """Read {"min": {...}, "max": {...}}; raises RagError on unknown metrics or bad values."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise RagError(f"cannot read thresholds {path}: {error}") from error
    gate = Gate()
    for metric, value in data.get("min", {}).items():
        set_threshold(gate, "min", metric, value)
    for metric, value in data.get("max", {}).items():
        set_threshold(gate, "max", metric, value)
    return gate


def set_threshold(gate: Gate, kind: str, metric: str, value) -> None:
    """Set one floor or ceiling, checking the metric exists and points the right way."""
    allowed, other = (MIN_METRICS, MAX_METRICS) if kind == "min" else (MAX_METRICS, MIN_METRICS)
    if metric not in allowed:
        hint = "; it is lower-is-better, use --max" if kind == "min" and metric in other else ""
        hint = hint or ("; it is higher-is-better, use --min" if metric in other else "")
        known = ", ".join(allowed)
        raise RagError(f"unknown --{kind} metric {metric!r}{hint} (known: {known})")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RagError(f"threshold for {metric} must be a number, not {value!r}")
    getattr(gate, kind)[metric] = float(value)


def apply_overrides(gate: Gate, kind: str, overrides: list[str]) -> None:
    """Apply METRIC=VALUE strings from --min / --max to the gate."""
    for override in overrides:
        metric, sep, raw = override.partition("=")
        try:
            value = float(raw)
        except ValueError:
            value = None
        if not sep or value is None:
            raise RagError(f"--{kind} expects METRIC=NUMBER, got {override!r}")
        set_threshold(gate, kind, metric.strip(), value)


def failures(summary: dict, gate: Gate) -> list[str]:
    """One line per metric that breaks its threshold; metrics with no value (n/a) are not gated."""
    lines = []
    for metric, floor in gate.min.items():
        value = summary.get(metric)
        if value is not None and value < floor:
            lines.append(f"{metric} {round(value, 4):g} is below the minimum {floor:g}")
    for metric, ceiling in gate.max.items():
        value = summary.get(metric)
        if value is not None and value > ceiling:
            lines.append(f"{metric} {round(value, 4):g} is above the maximum {ceiling:g}")
    return lines
