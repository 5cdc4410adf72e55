"""Latency of the chain relative to the raw engines underneath it, measured in the same run.

Machines are noisy, so the figures that matter are ratios: our retrieval against a bare Chroma
query and a bare embedding, our full answer against one bare llama.cpp completion.
Usage: .venv/bin/python benchmarks/run.py [--rounds N] [--no-llm]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from rag import Assistant, Settings
from rag.generate import STOP, messages

QUESTIONS = [
    "Why is Homs significant?",
    "Which cities did the rebels capture?",
    "Who sent supervising forces to Syria?",
    "What did the Russian military destroy?",
    "Who won the 2022 World Cup?",
]


def median_ms(run, rounds: int) -> float:
    """Median wall time of run() over rounds, in milliseconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-llm", action="store_true")
    args = parser.parse_args()
    assistant = Assistant(Settings(llm="none" if args.no_llm else "auto"))
    assistant.warm_up()
    vectors = {q: assistant.embedder.get_query_embedding(q) for q in QUESTIONS}
    results = {}

    def each(fn):
        return lambda: [fn(q) for q in QUESTIONS]

    results["raw_embed_ms"] = median_ms(each(assistant.embedder.get_query_embedding), args.rounds)
    results["raw_chroma_query_ms"] = median_ms(each(lambda q: assistant.store.query(vectors[q], 12)), args.rounds)
    results["retrieve_ms"] = median_ms(each(assistant.retrieve), args.rounds)
    results["ask_extractive_ms"] = median_ms(each(lambda q: assistant.ask(q, use_llm=False)), args.rounds)
    raw_engines = results["raw_embed_ms"] + results["raw_chroma_query_ms"]
    results["retrieve_vs_raw_engines"] = results["retrieve_ms"] / raw_engines
    results["ask_extractive_vs_raw_engines"] = results["ask_extractive_ms"] / raw_engines
    if assistant.llm is not None:
        def bare_completion(q):
            passages = assistant.retrieve_passages(q)
            evidence = assistant.scorer.score(q, passages, assistant.retriever.keyword_index())
            assistant.llm.complete(messages(q, evidence), assistant.settings.llm_max_tokens, STOP)

        results["raw_llm_completion_ms"] = median_ms(each(bare_completion), args.rounds)
        results["ask_llm_ms"] = median_ms(each(assistant.ask), args.rounds)
        results["ask_llm_vs_raw_completion"] = results["ask_llm_ms"] / results["raw_llm_completion_ms"]
    assistant.close()
    per_question = {k: round(v / len(QUESTIONS), 1) if k.endswith("_ms") else round(v, 2)
                    for k, v in results.items()}
    print(json.dumps(per_question, indent=2))


if __name__ == "__main__":
    main()
