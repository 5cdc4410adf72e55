"""Named eval datasets: which cases, which documents, which overlay and which thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evals.cases import DATA_DIR, DEFAULT_CASES, OVERLAY_DIR
from evals.gate import DEFAULT_THRESHOLDS, Gate, load_gate
from rag.errors import RagError

DATASETS_DIR = DATA_DIR / "datasets"
DEFAULT_DATASET = "seed"


@dataclass(frozen=True)
class Dataset:
    """Where one dataset's parts live; documents None means the configured corpus folder."""

    name: str
    cases: Path
    thresholds: Path | None
    overlay: Path | None
    documents: Path | None


# The single-article set that came first: its documents are the project's own corpus/.
SEED = Dataset(DEFAULT_DATASET, DEFAULT_CASES, DEFAULT_THRESHOLDS, OVERLAY_DIR, None)


def dataset_names() -> list[str]:
    """'seed' and every folder under evals/data/datasets/ that holds a cases.jsonl."""
    folders = sorted(p.name for p in DATASETS_DIR.iterdir() if (p / "cases.jsonl").is_file()) \
        if DATASETS_DIR.is_dir() else []
    return [DEFAULT_DATASET, *folders]


def load_dataset(name: str = DEFAULT_DATASET) -> Dataset:
    """The named dataset; RagError naming the known ones when there is no such dataset."""
    if name == DEFAULT_DATASET:
        return SEED
    folder = DATASETS_DIR / name
    if name not in dataset_names() or not (folder / "documents").is_dir():
        raise RagError(f"unknown eval dataset {name!r} (known: {', '.join(dataset_names())})")
    thresholds = folder / "thresholds.json"
    overlay = folder / "overlay"
    return Dataset(name=name, cases=folder / "cases.jsonl",
                   thresholds=thresholds if thresholds.is_file() else None,
                   overlay=overlay if overlay.is_dir() else None,
                   documents=folder / "documents")


def dataset_gate(dataset: Dataset) -> Gate:
    """The dataset's thresholds; none at all when it carries no thresholds.json."""
    return load_gate(dataset.thresholds) if dataset.thresholds else Gate()
