"""The whole suite on a tiny dataset against the real Assistant (extractive, real embedder)."""

import argparse
import json
import shutil
from pathlib import Path

import pytest

from evals.cli import add_arguments, command
from rag.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "evals" / "tiny_cases.jsonl"


def parse(*argv):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.mark.slow
def test_tiny_run_writes_results_and_report_and_gates(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    settings = Settings(llm="none", corpus_dir=corpus, index_dir=tmp_path / "index")
    out = tmp_path / "run"

    command(parse("--cases", str(TINY), "--out", str(out), "--json"), settings)
    summary = json.loads(capsys.readouterr().out)

    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert len(records) == summary["cases"] == len(TINY.read_text().splitlines())
    assert "<svg" in (out / "report.html").read_text(encoding="utf-8")
    assert summary["citation_exactness"] == 1.0
    assert not (tmp_path / "index").exists()  # the eval never touches the real index

    above = summary["mrr"] + 0.01
    args = parse("--cases", str(TINY), "--out", str(out), "--min", f"mrr={above}")
    assert command(args, settings) == 1
    assert "mrr" in capsys.readouterr().err
