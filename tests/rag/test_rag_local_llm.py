"""End to end with the packaged model behind the local llama.cpp server, with no network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.rag.support import CORPUS, ROOT, assert_contract

QUESTIONS = {
    "Why is Homs significant?": ["crossroad"],
    "Which cities did the rebels capture?": ["Aleppo", "Hama"],
    "Who won the 2022 World Cup?": None,  # not in the documents: refused
    "Who sent supervising forces to Syria?": ["Hezbollah"],
}

SCRIPT = """
import json, sys
from rag import Assistant, Settings, update_index
settings = Settings()
update_index(settings)
assistant = Assistant(settings)
answers = [assistant.ask(q).to_dict() for q in json.loads(sys.argv[1])]
print(json.dumps({"answers": answers, "llm": assistant.info()["llm"], "status": assistant.llm_status(),
                  "server_pid": assistant.llm.local._process.pid}))
# No close(): the server must go when the process exits.
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    home = tmp_path_factory.mktemp("local-llm")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    env.update(RAG_CORPUS_DIR=str(CORPUS), RAG_INDEX_DIR=str(home / "index"))
    started = time.perf_counter()
    result = subprocess.run(
        [str(ROOT / "tools/offline"), sys.executable, "-c", SCRIPT, json.dumps(list(QUESTIONS))],
        capture_output=True, text=True, timeout=540, cwd=ROOT, env=env,
    )
    if result.returncode == 3 and "cannot create a network namespace" in result.stderr:
        pytest.skip(result.stderr.strip())
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["seconds"] = time.perf_counter() - started
    return data


@pytest.mark.slow
def test_local_model_answers_real_questions_offline_with_exact_citations(local_run):
    assert "local llama.cpp" in local_run["llm"]
    answers = {a["question"]: a for a in local_run["answers"]}
    for question, facts in QUESTIONS.items():
        data = answers[question]
        answer = _as_answer(data)
        assert_contract(answer)
        if facts is None:
            assert data["refused"], data
            continue
        assert not data["refused"] and data["citations"], data
        for fact in facts:
            assert fact.lower() in data["answer"].lower(), (fact, data)


@pytest.mark.slow
def test_the_local_model_drafts_answers_and_none_is_degraded(local_run):
    # If the engine cannot run on this CPU, every answer falls back to quotes: this must go red.
    answered = [a for a in local_run["answers"] if not a["refused"]]
    assert answered and not [a for a in answered if a["degraded"]], answered
    assert any(a["mode"] == "generated" for a in answered), [a["answer"] for a in answered]
    assert local_run["status"] == {"state": "ready", "detail": "gemma-3-270m (local llama.cpp)", "reason": None}


@pytest.mark.slow
def test_local_server_is_gone_after_the_process_exits(local_run):
    pid = local_run["server_pid"]
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), f"llama.cpp server {pid} outlived the process that started it"


def _as_answer(data: dict):
    from rag.answer import Answer, Citation

    citations = [Citation(**c) for c in data["citations"]]
    return Answer(data["question"], data["answer"], data["refused"], citations)
