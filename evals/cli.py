"""`rag eval`: the arguments and the command, registered with the `rag` CLI by this package."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from evals.cases import load_cases
from evals.compare import compare, load_results
from evals.datasets import DEFAULT_DATASET, dataset_gate, load_dataset
from evals.gate import apply_overrides, failures
from evals.table import checks_lines, summary_table


def register(commands) -> None:
    """Add `rag eval` to the CLI's subcommands."""
    evaluate = commands.add_parser("eval", help="run the eval suite and gate on its thresholds")
    add_arguments(evaluate)
    evaluate.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """`rag eval` with the settings its flags and the environment give."""
    from rag.cli import settings_from

    return command(args, settings_from(args))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the eval options to the `rag eval` subparser."""
    parser.add_argument("--json", action="store_true", help="print the summary JSON last on stdout")
    parser.add_argument("--out", type=Path, default=Path(".rag/eval"), metavar="DIR",
                        help="where results.jsonl and report.html go (default: .rag/eval)")
    parser.add_argument("--min", action="append", default=[], metavar="METRIC=VALUE",
                        help="override a floor for a higher-is-better metric (repeatable)")
    parser.add_argument("--max", action="append", default=[], metavar="METRIC=VALUE",
                        help="override a ceiling for false_refusal_rate, p50 or p95 (repeatable)")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all",
                        help="which cases to run (default: all)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("RUN_A", "RUN_B"),
                        help="show what changed between two runs (folders or results.jsonl)")
    parser.add_argument("--dataset", default=DEFAULT_DATASET, metavar="NAME",
                        help="which dataset: its cases, documents and thresholds "
                             "(default: seed, the corpus/ article; news: 33 openly licensed documents)")
    parser.add_argument("--cases", type=Path, default=None, metavar="FILE",
                        help="another JSONL file of cases over the dataset's documents")
    parser.add_argument("--no-llm", action="store_true",
                        help="answer extractively, with no LLM (RAG_LLM=none)")
    parser.add_argument("--claims", action="store_true",
                        help="measure the verifier on the dataset's claims.jsonl instead "
                             "(paraphrases kept, distortions dropped per kind)")
    parser.add_argument("--llm-judge", action="store_true",
                        help="also grade citations with the RAG_LLM_BASE_URL model (not gated); with "
                             "--claims, measure the rules followed by that model as the drop-only judge")


def command(args: argparse.Namespace, settings) -> int:
    """Run the evaluation; 0 when every threshold holds, 1 when one fails."""
    if args.compare:
        print("\n".join(compare(load_results(args.compare[0]), load_results(args.compare[1]))))
        return 0
    dataset = load_dataset(args.dataset)
    if args.claims:
        from evals.verifier import claims_command

        return claims_command(dataset.cases.parent / "claims.jsonl", args.split, args.json,
                              settings=settings if args.llm_judge else None)
    gate = dataset_gate(dataset)
    apply_overrides(gate, "min", args.min)
    apply_overrides(gate, "max", args.max)
    cases = load_cases(args.cases or dataset.cases, args.split)
    # Imported late: --compare and bad arguments should not pay for loading the runner.
    from evals.runner import run

    summary = run(settings, cases, args.out, gate, progress=True, llm_judge=args.llm_judge,
                  dataset=dataset)
    failed = failures(summary, gate)
    for line in failed:
        print(f"eval: {line}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(summary_table(summary, gate))
        print(f"\n{checks_lines(summary)}")
        out = Path(args.out)
        print(f"\nresults: {out / 'results.jsonl'}\nreport:  {out / 'report.html'}")
    return 1 if failed else 0
