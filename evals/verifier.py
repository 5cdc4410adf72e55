"""The verifier measured directly on a claim set: paraphrases kept, distortions dropped, per kind.

Each claim is judged against its passage, split into sentences as the chain splits evidence: it is
kept when one sentence supports it. Run ``python -m evals.verifier [--split dev] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from evals.claims import CLAIM_KINDS, SUPPORTED_KINDS, Claim, load_claims
from evals.datasets import DATASETS_DIR
from rag.errors import RagError

DEFAULT_CLAIMS = DATASETS_DIR / "news" / "claims.jsonl"


def judge_claim(verifier, claim: Claim, document: str = "") -> tuple[bool, str | None]:
    """(kept, the distortion the verifier named) for one claim against its passage.

    Each sentence is judged with the sentence before it in the document, as the chain gives it
    from the passage it retrieved, so the verifier may see who a pronoun stands for.
    """
    from index.sentences import sentences

    found = None
    for start, end in sentences(claim.passage):
        text = claim.passage[start:end]
        judgement = verifier.judge(claim.claim, text, sentence_before(document, claim.passage, start))
        if judgement.supported:
            return True, None
        found = found or judgement.distortion
    return False, found


def sentence_before(document: str, passage: str, offset: int) -> str:
    """The document's sentence just before the passage's sentence at ``offset``, or ""."""
    from index.sentences import sentences

    at = document.find(passage)
    if at < 0:
        return ""
    previous = ""
    for start, end in sentences(document):
        if start >= at + offset:
            return previous
        previous = document[start:end]
    return ""


def documents_of(claims_path: Path, claims: list[Claim]) -> dict[str, str]:
    """The text of each document the claims quote, from the ``documents`` folder beside the claims."""
    folder = claims_path.parent / "documents"
    found = {}
    for source in {c.source for c in claims}:
        path = folder / source
        found[source] = path.read_text(encoding="utf-8") if path.is_file() else ""
    return found


def figures(results: list[tuple[str, bool]]) -> dict:
    """Pure scoring of (kind, kept) pairs: paraphrases kept, and per distortion kind its recall
    (share dropped) and precision (its drops among its drops and the paraphrases dropped)."""
    total, kept = Counter(k for k, _ in results), Counter(k for k, ok in results if ok)
    paraphrases = sum(total[k] for k in SUPPORTED_KINDS)
    wrongly_dropped = paraphrases - sum(kept[k] for k in SUPPORTED_KINDS)
    summary = {"claims": len(results),
               "paraphrases_kept": _share(paraphrases - wrongly_dropped, paraphrases)}
    distortions = [k for k in CLAIM_KINDS if k not in SUPPORTED_KINDS and total[k]]
    dropped_all = sum(total[k] - kept[k] for k in distortions)
    summary["distortions_dropped"] = _share(dropped_all, sum(total[k] for k in distortions))
    summary["drop_precision"] = _share(dropped_all, dropped_all + wrongly_dropped)
    summary["by_kind"] = {
        kind: {"n": total[kind], "recall": _share(total[kind] - kept[kind], total[kind]),
               "precision": _share(total[kind] - kept[kind], total[kind] - kept[kind] + wrongly_dropped)}
        for kind in distortions
    }
    return summary


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def measure(claims: list[Claim], verifier, documents: dict[str, str] | None = None) -> tuple[dict, list[dict]]:
    """The figures, and one record per claim (kept, and the distortion named when dropped).
    ``documents`` (source name → text) gives each sentence the one before it."""
    records = []
    for claim in claims:
        kept, distortion = judge_claim(verifier, claim, (documents or {}).get(claim.source, ""))
        records.append({"id": claim.id, "kind": claim.kind, "kept": kept, "found": distortion,
                        "claim": claim.claim})
    return figures([(r["kind"], r["kept"]) for r in records]), records


def table(summary: dict) -> str:
    """The figures as a few lines for the terminal."""
    lines = [f"claims {summary['claims']}: paraphrases kept {summary['paraphrases_kept']}, "
             f"distortions dropped {summary['distortions_dropped']}, drop precision {summary['drop_precision']}"]
    lines += [f"  {kind:<13} n={row['n']:<3} recall {row['recall']}  precision {row['precision']}"
              for kind, row in summary["by_kind"].items()]
    return "\n".join(lines)


def default_verifier():
    """The chain's verifier with the packaged embedder."""
    from index.embeddings import load_embedder
    from rag.citations import Verifier
    from rag.evidence import EvidenceScorer

    return Verifier(EvidenceScorer(load_embedder()))


class ThenModel:
    """The rules, then the configured model on what they keep, as the chain runs them: drop-only."""

    def __init__(self, rules, model_judge):
        self.rules = rules
        self.model_judge = model_judge
        self.replies: Counter = Counter()  # the model's verdicts: yes, no, or none (no usable reply)

    def judge(self, claim: str, sentence: str, context: str = ""):
        from rag.entailment import Judgement

        judgement = self.rules.judge(claim, sentence, context)
        if not judgement.supported:
            return judgement
        verdict = self.model_judge.supports(claim, [sentence])
        self.replies[{True: "yes", False: "no", None: "none"}[verdict]] += 1
        if verdict is False:
            return Judgement(False, "model", "the model judge said no")
        return judgement


def model_judge_for(settings):
    """The chain's model judge over the configured endpoint; a RagError when none is configured."""
    from rag.llm import LLM
    from rag.model_judge import ModelJudge

    if not settings.llm_base_url:
        raise RagError("--llm-judge needs RAG_LLM_BASE_URL: the model judge is only asked of a configured endpoint")
    return ModelJudge(LLM(settings), budget_s=settings.llm_timeout)


def claims_command(path: Path, split: str, as_json: bool, misses: bool = False, settings=None) -> int:
    """Measure the chain's verifier on a claims file and print the figures; 0 on success.
    With ``settings``, the configured model judges every claim the rules keep, as in the chain."""
    claims = load_claims(path, split)
    verifier = default_verifier()
    if settings is not None:
        verifier = ThenModel(verifier, model_judge_for(settings))
    summary, records = measure(claims, verifier, documents_of(path, claims))
    if isinstance(verifier, ThenModel):
        summary["model_judge_replies"] = dict(sorted(verifier.replies.items()))
    print(json.dumps(summary, indent=2) if as_json else table(summary))
    if misses:
        for r in records:
            if r["kept"] != (r["kind"] in SUPPORTED_KINDS):
                verdict = "kept" if r["kept"] else f"dropped as {r['found']}"
                print(f"{r['id']} {r['kind']} {verdict}: {r['claim']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.verifier", description=__doc__)
    parser.add_argument("--claims", type=Path, default=DEFAULT_CLAIMS, metavar="FILE")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list every misjudged claim")
    args = parser.parse_args(argv)
    try:
        return claims_command(args.claims, args.split, args.json, args.misses)
    except RagError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
