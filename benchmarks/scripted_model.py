"""The chain behind a capable endpoint, on a dataset's cases: a scripted model answers every
answerable case with the case's own expected sentences, cited by the numbers the prompt gave, and
says NOT IN SOURCES to every unanswerable one. As the judge, it confirms its own sentences and says
whether quotes answer by the case's label. It shows what the gate and the verifier let through
when the model is right; follow-ups are left out, since they need the condense call.

With --claims it measures the verifier on the dataset's claim set instead: the rules, then the
scripted model as the drop-only judge, saying yes to every faithful paraphrase and no to every
distortion.

    python benchmarks/scripted_model.py [--dataset news] [--split dev] [--claims]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.cases import load_cases  # noqa: E402
from evals.datasets import load_dataset  # noqa: E402
from evals.runner import evaluate  # noqa: E402
from evals.scoring import summarise  # noqa: E402
from rag.settings import Settings  # noqa: E402
from rag.text import terms  # noqa: E402
from tests.fixtures.fake_openai import FakeOpenAI  # noqa: E402

_SOURCE = re.compile(r"<source (\d+)>\n(.*?)\n</source>", re.DOTALL)
_QUESTION = re.compile(r"Question: (.*)\n")
_JUDGE = "Reply with one word: yes or no."
_CLAIM = re.compile(r"Claim: (.*)\n")


def scripted_reply(cases_by_question: dict):
    """A reply function for the fake endpoint: the expected sentences, or NOT IN SOURCES."""

    def reply(body: dict) -> str:
        user = body["messages"][-1]["content"]
        match = _QUESTION.search(user)
        case = cases_by_question.get(match.group(1).strip()) if match else None
        if _JUDGE in user:  # a claim is one of the case's own sentences; quotes answer by the label
            return "yes" if "Claim:" in user or (case is not None and case.answerable) else "no"
        if case is None or not case.answerable or not case.passages:
            return "NOT IN SOURCES"
        sources = {int(n): text for n, text in _SOURCE.findall(user)}
        cited = []
        for passage in case.passages:
            words = set(terms(passage["quote"]))
            best = max(sources, key=lambda n: len(words & set(terms(sources[n])))) if sources else 1
            cited.append(f"{passage['quote'].rstrip('.')} [{best}].")
        return " ".join(cited)

    return reply


def claims_judge(claims):
    """A reply function for the fake endpoint judging claims by their labels."""
    supported = {c.claim: c.label == "supported" for c in claims}

    def reply(body: dict) -> str:
        match = _CLAIM.search(body["messages"][-1]["content"])
        return "yes" if match and supported.get(match.group(1).strip()) else "no"

    return reply


def measure_claims(dataset, split: str) -> int:
    """The verifier on the claim set, the scripted model judging after the rules."""
    from evals.claims import load_claims
    from evals.verifier import claims_command

    path = dataset.cases.parent / "claims.jsonl"
    claims = load_claims(path, split)
    with FakeOpenAI() as server:
        server.script(*[claims_judge(claims)] * (4 * len(claims)))  # a verdict per sentence kept
        settings = Settings(llm_base_url=server.base_url, llm_model="scripted", llm_api_key="x", llm_timeout=60)
        return claims_command(path, split, as_json=True, settings=settings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="news")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--claims", action="store_true", help="measure the verifier on the claim set")
    args = parser.parse_args()
    dataset = load_dataset(args.dataset)
    if args.claims:
        return measure_claims(dataset, args.split)
    cases = [c for c in load_cases(dataset.cases, args.split) if not c.history]
    with FakeOpenAI() as server:
        for _ in range(8 * len(cases)):  # a draft, a verdict per claim, perhaps one on the quotes
            server.script(scripted_reply({c.question: c for c in cases}))
        settings = Settings(llm_base_url=server.base_url, llm_model="scripted", llm_api_key="x",
                            llm_timeout=60)
        records = evaluate(settings, cases, progress=True, dataset=dataset)
    summary = summarise(records)
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    keys = ("cases", "fact_recall", "citation_exactness", "marker_validity", "refusal_accuracy",
            "false_refusal_rate", "generated_share", "leaks_by_type", "refusals_by_check")
    result = {key: summary[key] for key in keys}
    result["answered"] = f"{sum(not r['scores']['refused'] for r in answerable)} of {len(answerable)}"
    result["refused"] = f"{sum(r['scores']['refused'] for r in unanswerable)} of {len(unanswerable)}"
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
