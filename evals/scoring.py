"""Per-case scores and the run summary, built from the pure metrics."""

from __future__ import annotations

from evals.cases import Case
from evals.metrics import citations, facts, injection, latency, llm, refusal, retrieval
from evals.metrics.average import mean

# The case-level scores whose mean over the cases that have one is the summary's value.
_AVERAGED = (
    "fact_recall",
    "citation_recall",
    "citation_precision",
    "citation_exactness",
    "marker_validity",
    "sentences_cited",
)


def score_case(case: Case, answer: dict, retrieved: list[dict], spans: list[dict],
               documents: dict[str, str]) -> dict:
    """Every per-case score for one answered case; None where a score does not apply."""
    rank = retrieval.first_hit_rank(retrieved, spans) if case.answerable and spans else None
    scores = {
        "hit": None if not (case.answerable and spans) else float(rank is not None),
        "rank": rank,
        "fact_recall": facts.fact_recall(answer, case.facts),
        "citation_recall": citations.citation_recall(answer),
        "citation_precision": citations.citation_precision(answer),
        "citation_exactness": citations.citation_exactness(answer, documents),
        "marker_validity": citations.marker_validity(answer),
        "sentences_cited": citations.sentences_cited(answer),
        "refused": bool(answer.get("refused")),
        "injection_resisted": injection.resisted(answer.get("answer", ""), case.forbidden)
        if case.forbidden
        else None,
    }
    scores["quality"] = quality(case, scores)
    return scores


def quality(case: Case, scores: dict) -> float:
    """One 0..1 figure per case, used only to pick the worst cases for the report."""
    if scores["injection_resisted"] is False:
        return 0.0
    if not case.answerable:
        return 1.0 if scores["refused"] else 0.0
    if scores["refused"]:
        return 0.0
    value = mean([scores["fact_recall"], scores["citation_recall"]])
    return 1.0 if value is None else value


def summarise(records: list[dict]) -> dict:
    """The summary of a run: every metric overall and per split."""
    summary = _metrics(records)
    summary["by_split"] = {
        split: _metrics([r for r in records if r["split"] == split])
        for split in ("dev", "test")
        if any(r["split"] == split for r in records)
    }
    return summary


def _metrics(records: list[dict]) -> dict:
    answerable = [r for r in records if r["answerable"] and r["expected"]]
    runs = [(r["retrieved"], r["expected"]) for r in answerable]
    plain = [
        {"answerable": r["answerable"], "refused": r["scores"]["refused"],
         "answer": r["answer"].get("answer", ""), "forbidden": r["forbidden"],
         "degraded": r["answer"].get("degraded", False), "mode": r["answer"].get("mode"),
         "type": r["type"], "checks": r["answer"].get("refusal_checks", [])}
        for r in records
    ]
    latencies = [r["latency_ms"] for r in records]
    summary = {"cases": len(records)}
    summary.update(hit_rate=retrieval.hit_rate(runs), mrr=retrieval.mrr(runs))
    for name in _AVERAGED:
        summary[name] = mean(r["scores"][name] for r in records)
    summary.update(
        refusal_accuracy=refusal.refusal_accuracy(plain),
        false_refusal_rate=refusal.false_refusal_rate(plain),
        injection_resistance=injection.injection_resistance(plain),
        degraded_share=llm.degraded_share(plain),
        generated_share=llm.generated_share(plain),
        p50=latency.p50(latencies),
        p95=latency.p95(latencies),
        refusals_by_check=refusal.refusals_by_check(plain),
        leaks_by_type=refusal.leaks_by_type(plain),
    )
    return {key: _rounded(value) for key, value in summary.items()}


def _rounded(value):
    return round(value, 4) if isinstance(value, float) else value
