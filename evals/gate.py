"""Thresholds: which metrics must stay above a floor and which below a ceiling."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from evals.metrics.catalog import BY_NAME, METRICS
from rag.errors import RagError

DEFAULT_THRESHOLDS = Path(__file__).parent / "data" / "thresholds.json"
# Each metric says which way is better (evals/metrics/catalog.py): a floor ("min") for
# higher-is-better metrics, a ceiling ("max") for the others.
MIN_METRICS = tuple(m.name for m in METRICS if m.gated and m.threshold_kind == "min")
MAX_METRICS = tuple(m.name for m in METRICS if m.gated and m.threshold_kind == "max")
# Reported beside the gated ones, never gated: tuning for them would loosen verification.
REPORTED_METRICS = tuple(m.name for m in METRICS if not m.gated)


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
    """Read {"metric": value, ...}, each a floor or a ceiling as the metric's direction says.

    The older {"min": {...}, "max": {...}} form is read too. Raises RagError on unknown metrics,
    thresholds on the wrong side and values that are not numbers.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise RagError(f"cannot read thresholds {path}: {error}") from error
    if not isinstance(data, dict):
        raise RagError(f"thresholds {path} must be a JSON object of metric: value")
    gate = Gate()
    for key, value in data.items():
        if key in ("min", "max") and isinstance(value, dict):
            for metric, threshold in value.items():
                set_threshold(gate, key, metric, threshold)
        else:
            metric = BY_NAME.get(key)
            set_threshold(gate, metric.threshold_kind if metric else "min", key, value)
    return gate


def set_threshold(gate: Gate, kind: str, metric: str, value) -> None:
    """Set one floor or ceiling, checking the metric exists and points the right way."""
    allowed = MIN_METRICS if kind == "min" else MAX_METRICS
    if metric not in allowed:
        known = BY_NAME.get(metric)
        hint = ""
        if known is not None and not known.gated:
            hint = "; it is reported, never gated"
        elif known is not None:
            better = "higher" if known.higher_is_better else "lower"
            hint = f"; it is {better}-is-better, use --{known.threshold_kind}"
        raise RagError(f"unknown --{kind} metric {metric!r}{hint} (known: {', '.join(allowed)})")
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
