"""`rag eval` arguments and exit codes, with the runner stubbed out."""

import argparse
import json

import pytest

import evals.runner
from evals.cli import add_arguments, command
from rag.errors import RagError

SUMMARY = {"cases": 2, "fact_recall": 0.9, "refusal_accuracy": 1.0, "false_refusal_rate": 0.0,
           "p50": 10.0, "p95": 20.0, "by_split": {}}


def parse(*argv):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.fixture
def fake_run(monkeypatch):
    calls = []

    def run(settings, cases, out_dir, gate=None, progress=True, llm_judge=False, dataset=None):
        calls.append({"cases": cases, "out": out_dir, "gate": gate, "dataset": dataset})
        return dict(SUMMARY)

    monkeypatch.setattr(evals.runner, "run", run)
    return calls


def test_defaults():
    args = parse()
    assert (str(args.out), args.split, args.json, args.min, args.compare) == (
        ".rag/eval", "all", False, [], None)


def test_passing_gate_exits_zero_and_prints_json_last(fake_run, capsys):
    code = command(parse("--json", "--split", "dev", "--min", "fact_recall=0.5"), settings=None)
    out = capsys.readouterr().out
    assert code == 0
    assert json.loads(out) == SUMMARY
    assert {c.split for c in fake_run[0]["cases"]} == {"dev"}


def test_failing_threshold_exits_one_with_one_line_per_failure(fake_run, capsys):
    args = parse("--min", "fact_recall=0.95", "--max", "p95=5")
    assert command(args, settings=None) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["eval: fact_recall 0.9 is below the minimum 0.95",
                   "eval: p95 20 is above the maximum 5"]


def test_readable_table_without_json(fake_run, capsys):
    command(parse("--min", "fact_recall=0.5"), settings=None)
    assert "fact_recall" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--min", "nonsense"], ["--min", "speed=1"], ["--max", "mrr=1"]])
def test_bad_thresholds_raise_before_anything_runs(fake_run, argv):
    with pytest.raises(RagError):
        command(parse(*argv), settings=None)
    assert fake_run == []


def test_missing_cases_file_raises(fake_run, tmp_path):
    with pytest.raises(RagError, match="cannot read cases file"):
        command(parse("--cases", str(tmp_path / "none.jsonl")), settings=None)


def test_compare_prints_changes_and_exits_zero(tmp_path, capsys, fake_run):
    for name, text in (("a.jsonl", "Old."), ("b.jsonl", "New.")):
        record = {"id": "x", "answer": {"answer": text, "refused": False}, "scores": {}}
        (tmp_path / name).write_text(json.dumps(record) + "\n", encoding="utf-8")
    args = parse("--compare", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"))
    assert command(args, settings=None) == 0
    assert "answer now: New." in capsys.readouterr().out
    assert fake_run == []


def test_dataset_option_picks_its_cases_and_thresholds(fake_run):
    assert parse().dataset == "seed"
    command(parse("--dataset", "news", "--split", "test"), settings=None)
    call = fake_run[0]
    assert call["dataset"].name == "news"
    assert {c.split for c in call["cases"]} == {"test"} and all(c.id.startswith("news-") for c in call["cases"])
    assert call["gate"].min["fact_recall"] == 0.66 and call["gate"].max["false_refusal_rate"] == 0.21


def test_unknown_dataset_raises_before_anything_runs(fake_run):
    with pytest.raises(RagError, match="unknown eval dataset"):
        command(parse("--dataset", "nope"), settings=None)
    assert fake_run == []


def test_no_dataset_runs_the_seed_set_with_its_thresholds(fake_run):
    from evals.cases import DEFAULT_CASES, load_cases
    from evals.datasets import SEED
    from evals.gate import load_gate

    command(parse(), settings=None)
    call = fake_run[0]
    assert call["dataset"] is SEED and call["cases"] == load_cases(DEFAULT_CASES)
    assert call["gate"] == load_gate()
