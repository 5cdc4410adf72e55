"""Every summary metric, in the order reports show them; each carries its own name and direction."""

from __future__ import annotations

from evals.metrics import citations, facts, injection, latency, llm, refusal, retrieval
from evals.metrics.base import Metric

METRICS: tuple[Metric, ...] = (
    retrieval.HIT_RATE,
    retrieval.MRR,
    facts.FACT_RECALL,
    citations.CITATION_RECALL,
    citations.CITATION_PRECISION,
    citations.CITATION_EXACTNESS,
    citations.MARKER_VALIDITY,
    citations.SENTENCES_CITED,
    refusal.REFUSAL_ACCURACY,
    injection.INJECTION_RESISTANCE,
    refusal.FALSE_REFUSAL_RATE,
    llm.DEGRADED_SHARE,
    latency.P50,
    latency.P95,
    llm.GENERATED_SHARE,
)
BY_NAME: dict[str, Metric] = {metric.name: metric for metric in METRICS}
