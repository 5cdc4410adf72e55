"""`rag ask` as its own process: it leaves without tearing down its models, so its output and
exit code must be complete when it does."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


def rag(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    env.update(RAG_CORPUS_DIR=str(CORPUS), RAG_INDEX_DIR=str(tmp_path_factory.mktemp("cli") / "index"),
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    assert rag("index", env=env).returncode == 0
    return env


def test_the_answer_json_is_whole_when_the_process_ends(env):
    result = rag("ask", "--no-llm", "--json", "Which cities did the rebels capture?", env=env)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["citations"] and not answer["refused"]


def test_an_error_still_exits_non_zero_with_one_line(env):
    result = rag("ask", "--no-llm", "--top-k", "0", "Which cities did the rebels capture?", env=env)

    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
