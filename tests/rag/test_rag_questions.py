"""Bad questions are rejected early, with a message a user can act on."""

from __future__ import annotations

import subprocess
import time

import pytest

from rag.assistant import Assistant
from rag.errors import BadQuestion
from rag.questions import clean_question
from rag.settings import Settings
from tests.rag.support import ROOT


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("Why is\x00 Homs significant?", "control characters"),
        ("Why is Homs\x1b[31m significant?", "control characters"),
        (None, "must be text"),
    ],
    ids=["empty", "whitespace", "nul", "escape", "not-text"],
)
def test_bad_questions_are_rejected_with_a_clear_message(question, message):
    with pytest.raises(BadQuestion, match=message):
        clean_question(question, 2000)


def test_questions_are_stripped_and_inner_whitespace_folded():
    assert clean_question("  Why is\tHoms\nsignificant?  ", 2000) == "Why is Homs significant?"


def test_huge_question_is_rejected_fast_before_any_work(tmp_path):
    # No index exists at this path: rejecting must not need one.
    assistant = Assistant(Settings(index_dir=tmp_path / "absent", llm="none"))
    question = "Why is Homs significant? " * 20_480  # ~500 KB
    started = time.perf_counter()

    with pytest.raises(BadQuestion, match=r"too long \(512,000 characters; the limit is 2,000\)"):
        assistant.ask(question)

    assert time.perf_counter() - started < 1.0
    assert not (tmp_path / "absent").exists()


@pytest.mark.parametrize("method", ["ask", "stream", "retrieve"])
def test_every_entry_point_checks_the_question(tmp_path, method):
    assistant = Assistant(Settings(index_dir=tmp_path / "absent", llm="none"))
    with pytest.raises(BadQuestion, match="empty"):
        getattr(assistant, method)("  ")


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "the question is empty"), ("Homs\x07?", "control characters")],
)
def test_cli_rejects_bad_question_with_one_line_and_exit_code_2(tmp_path, question, message):
    result = subprocess.run(
        [str(ROOT / ".venv/bin/rag"), "ask", question],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "RAG_INDEX_DIR": str(tmp_path / "index"), "RAG_LLM": "none"},
    )

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("rag ask: error:") and message in lines[0]


@pytest.mark.parametrize(
    ("variable", "value"), [("RAG_TOP_K", "many"), ("RAG_LLM", "maybe"), ("RAG_LLM_TIMEOUT", "-1")]
)
def test_cli_reports_a_bad_setting_by_its_variable_name(tmp_path, variable, value):
    result = subprocess.run(
        [str(ROOT / ".venv/bin/rag"), "ask", "Why is Homs significant?"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "RAG_INDEX_DIR": str(tmp_path / "index"), variable: value},
    )

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"rag ask: error: setting {variable}:")
