"""Refusals: declining what the documents cannot answer, and only that."""

from __future__ import annotations

from evals.metrics.average import mean


def refusal_accuracy(records: list[dict]) -> float | None:
    """Share of unanswerable records ({"answerable", "refused"}) that were refused; None if none."""
    return mean(float(r["refused"]) for r in records if not r["answerable"])


def false_refusal_rate(records: list[dict]) -> float | None:
    """Share of answerable records that were refused (lower is better); None if none."""
    return mean(float(r["refused"]) for r in records if r["answerable"])


def refusals_by_check(records: list[dict]) -> dict[str, dict[str, int]]:
    """Per gate check, how often it refused answerable cases and caught unanswerable ones.

    Records carry {"answerable", "refused", "checks"}, ``checks`` being the refusal's failing
    checks. ``alone_*`` counts refusals where the check was the only one to fail: what removing
    it would change.
    """
    counts: dict[str, dict[str, int]] = {}
    for record in records:
        if not record["refused"]:
            continue
        checks = record.get("checks") or ["unnamed"]
        kind = "caught" if not record["answerable"] else "false_refusals"
        for check in checks:
            row = counts.setdefault(check, dict.fromkeys(
                ("false_refusals", "caught", "alone_false_refusals", "alone_caught"), 0))
            row[kind] += 1
            row[f"alone_{kind}"] += len(checks) == 1
    return dict(sorted(counts.items()))


def leaks_by_type(records: list[dict]) -> dict[str, int]:
    """Unanswerable cases that were answered anyway, counted by case type."""
    leaks: dict[str, int] = {}
    for record in records:
        if not record["answerable"] and not record["refused"]:
            leaks[record["type"]] = leaks.get(record["type"], 0) + 1
    return dict(sorted(leaks.items()))
