"""Run the cases through the public API against a temporary index of a dataset's documents plus overlay."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

from evals.cases import Case
from evals.datasets import SEED, Dataset, dataset_gate
from evals.gate import Gate
from evals.report import write_report
from evals.scoring import score_case, summarise
from evals.spans import locate, read_documents
from rag.errors import RagError


def prepare_corpus(settings, workdir: Path, dataset: Dataset = SEED):
    """Copy the dataset's documents (the configured corpus for 'seed') and its injection overlay
    into workdir; settings pointing at them."""
    source = Path(dataset.documents or settings.corpus_dir)
    if not source.is_dir():
        raise RagError(f"corpus folder not found: {source}")
    corpus = workdir / "corpus"
    shutil.copytree(source, corpus)
    overlays = sorted(dataset.overlay.iterdir()) if dataset.overlay else []
    for overlay in overlays:
        if overlay.is_file():
            shutil.copy2(overlay, corpus / overlay.name)
    # A Chroma server would share state with real indexes; the eval index is always local.
    update = {"corpus_dir": corpus, "index_dir": workdir / "index", "chroma_url": None}
    return settings.model_copy(update=update)


def answer_case(assistant, case: Case) -> tuple[dict, float]:
    """The Answer JSON for a case and the wall-clock milliseconds it took."""
    started = time.perf_counter()
    if case.history:
        answer = assistant.chat(case.history, case.question)
    else:
        answer = assistant.ask(case.question)
    return answer.to_dict(), (time.perf_counter() - started) * 1000


def run_case(assistant, case: Case, spans: list[dict], documents: dict[str, str]) -> dict:
    """Answer, retrieve and score one case; the results.jsonl record."""
    answer, latency_ms = answer_case(assistant, case)
    # A follow-up is retrieved as the standalone question the chain condensed it into.
    retrieved = assistant.retrieve(answer.get("standalone_question") or case.question)
    return {
        "id": case.id,
        "type": case.type,
        "split": case.split,
        "question": case.question,
        "history": case.history,
        "answerable": case.answerable,
        "forbidden": case.forbidden,
        "answer": answer,
        "retrieved": retrieved,
        "expected": spans,
        "latency_ms": round(latency_ms, 1),
        "scores": score_case(case, answer, retrieved, spans, documents),
    }


def evaluate(settings, cases: list[Case], progress: bool = True,
             dataset: Dataset = SEED) -> list[dict]:
    """Index the dataset's documents plus overlay into a temporary folder and run every case."""
    # Imported here so `rag --help` and the pure metrics never load the embedder stack.
    from rag import Assistant, update_index

    with tempfile.TemporaryDirectory(prefix="rag-eval-", ignore_cleanup_errors=True) as tmp:
        eval_settings = prepare_corpus(settings, Path(tmp), dataset)
        documents = read_documents(eval_settings.corpus_dir)
        spans = {case.id: locate(case, documents) for case in cases}
        update_index(eval_settings)
        assistant = Assistant(eval_settings)
        assistant.warm_up()  # latency is per question, as in the chat, not model loading
        try:
            bar = tqdm(cases, desc="eval", unit="case", file=sys.stderr, disable=not progress)
            return [run_case(assistant, case, spans[case.id], documents) for case in bar]
        finally:
            assistant.close()


def write_results(path: Path, records: list[dict]) -> None:
    """One JSON record per line."""
    lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    Path(path).write_text("".join(lines), encoding="utf-8")


def run(settings, cases: list[Case], out_dir: Path, gate: Gate | None = None,
        progress: bool = True, llm_judge: bool = False, dataset: Dataset = SEED) -> dict:
    """Evaluate, write results.jsonl and report.html into out_dir, and return the summary."""
    records = evaluate(settings, cases, progress, dataset)
    summary = summarise(records)
    if llm_judge:
        from evals.judge import judge_summary

        summary.update(judge_summary(records, settings))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_results(out_dir / "results.jsonl", records)
    write_report(out_dir / "report.html", summary, records, gate or dataset_gate(dataset))
    return summary
