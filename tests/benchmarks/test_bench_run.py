"""`benchmarks/run.py --json` as CI would run it, on a tiny corpus: its last line holds every figure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "retrieve_p95_ms_10k", "retrieve_overhead_ratio", "index_chunks_per_s", "index_overhead_ratio",
    "ttft_p50_ms", "llm_ttft_overhead_ratio", "answer_p95_ms", "cold_ask_s", "concurrent20_p95_ms",
    "embedded_vs_server_ratio",
}


def test_quick_stops_at_10k_chunks_and_the_full_run_goes_to_100k():
    from benchmarks.run import parse

    assert parse(["--quick"]).sizes == [1_000, 10_000]
    assert parse([]).sizes == [1_000, 10_000, 100_000]
    assert parse(["--sizes", "40,80", "--index-chunks", "500"]).index_chunks == 40


@pytest.mark.slow
def test_a_tiny_run_prints_every_figure_as_its_last_json_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    env.update(PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               ANONYMIZED_TELEMETRY="False", GRADIO_ANALYTICS_ENABLED="False")
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--json", "--no-llm", "--sizes", "40,80",
         "--index-chunks", "30", "--users", "3", "--work", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])

    # Sizes are named after their chunk count: this run's largest is 80, not 10k.
    assert REQUIRED - {"retrieve_p95_ms_10k"} <= set(figures)
    assert figures["retrieve_p95_ms_40"] > 0 and figures["retrieve_p95_ms_80"] > 0
    assert "retrieve_p95_ms_100k" not in figures
    assert not [key for key in figures if key.endswith("_error")], figures
    assert figures["ttft_p50_ms"] is figures["cold_ask_s"] is None  # --no-llm
    assert figures["concurrent20_answered"] == 3 and figures["concurrent20_modes"] == {"extractive": 3}
    assert "concurrent20_llm_p95_ms" not in figures
    for key in ["retrieve_overhead_ratio", "index_overhead_ratio", "embedded_vs_server_ratio"]:
        assert figures[key] > 0
