"""ui.chat and ui.auth without a browser: streaming turns, error notes, login parsing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rag.errors import BadQuestion, IndexNotReady, RagError
from ui import app, chat
from ui.auth import parse_auth

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "ui"))
from fake_assistant import FakeAssistant  # noqa: E402


@pytest.fixture
def assistant():
    return FakeAssistant(ROOT / "corpus", delay=0)


def run_turn(assistant, question, state=None, messages=None):
    steps = list(chat.respond(assistant, question, messages or [], state or chat.new_state()))
    return steps, steps[-1]


def test_a_turn_streams_drafts_then_the_cited_answer(assistant):
    steps, (messages, sources, box, state) = run_turn(assistant, "Why is Homs significant?")
    assert len(steps) > 2 and "draft" in steps[1][0][-1]["content"]
    final = messages[-1]["content"]
    assert 'class="answer turn-1"' in final and "cite-marker" in final
    assert 'id="src-1-1"' in sources and "<mark>" in sources
    assert box == "" and state["turn"] == 1
    assert state["history"][0] == {"role": "user", "content": "Why is Homs significant?"}
    assert "<" not in state["history"][1]["content"]  # history keeps plain text, not HTML


def test_a_follow_up_passes_the_history(assistant):
    seen = []
    original = assistant.stream
    assistant.stream = lambda q, history=None, **kw: seen.append(list(history)) or original(q)
    _, (messages, _, _, state) = run_turn(assistant, "Which cities did the rebels capture?")
    run_turn(assistant, "And who sent forces to stop them?", state, messages)
    assert seen[0] == [] and [m["role"] for m in seen[1]] == ["user", "assistant"]


def test_bad_questions_become_an_error_note(assistant):
    def refuse(*_, **__):
        raise BadQuestion("Please ask a question of 1 to 2000 characters.")

    assistant.stream = refuse
    _, (messages, _, _, state) = run_turn(assistant, "x" * 3000)
    assert "error-note" in messages[-1]["content"] and "2000 characters" in messages[-1]["content"]
    assert state["turn"] == 0 and state["history"] == []


def test_unexpected_errors_show_one_line_not_a_traceback(assistant):
    assistant.stream = lambda *_, **__: (_ for _ in ()).throw(ValueError("boom\nTraceback"))
    _, (messages, *_rest) = run_turn(assistant, "Why?")
    assert chat.UNEXPECTED in messages[-1]["content"] and "boom" not in messages[-1]["content"]


def test_an_empty_question_does_nothing(assistant):
    assert list(chat.respond(assistant, "   ", [], chat.new_state())) == []


def test_auth_is_parsed_from_user_colon_password():
    assert parse_auth("ann:s3cr:et") == ("ann", "s3cr:et")
    assert parse_auth(None) is None and parse_auth("") is None


@pytest.mark.parametrize("value", ["nocolon", ":pw", "user:"])
def test_malformed_auth_is_a_clear_error(value):
    with pytest.raises(RagError, match="user:password"):
        parse_auth(value)


def test_a_refusal_shows_the_closest_passages(assistant):
    _, (messages, *_rest) = run_turn(assistant, "Who won the 2022 World Cup in football?")
    final = messages[-1]["content"]
    assert 'class="refusal"' in final and '<details class="closest">' in final
    assert "Closest passages (3)" in final


def test_an_empty_index_points_to_the_documents_tab(assistant):
    def empty(*_, **__):
        raise IndexNotReady("the index at .rag/index is empty; run 'rag index' first")

    assistant.stream = empty
    _, (messages, *_rest) = run_turn(assistant, "Why?")
    assert chat.NO_DOCUMENTS in messages[-1]["content"] and "rag index" not in messages[-1]["content"]


class Listed:
    def __init__(self, *sources):
        self.sources = sources

    def all(self):
        return [type("Doc", (), {"source": s, "chunks": 1, "indexed_at": None})() for s in self.sources]


@pytest.mark.parametrize("sources, empty, examples", [
    ((), True, False),
    (("my-report.pdf",), False, False),
    ((app.SEED_SOURCE, "my-report.pdf"), False, True),
])
def test_examples_show_only_for_the_seed_document_and_an_empty_index_says_so(sources, empty, examples):
    stub = FakeAssistant(ROOT / "corpus", delay=0)
    stub.documents = Listed(*sources)
    stub.info = lambda: {"corpus": "corpus", "documents": len(sources), "chunks": len(sources), "llm": "none"}
    header, notice, shown = app._page_state(stub)
    assert notice["visible"] is empty and shown["visible"] is examples
    assert f"{len(sources)} document" in header


def test_the_header_uses_the_llm_status_when_the_assistant_has_it(assistant):
    assistant.llm_status = lambda: {"state": "down", "detail": "gemma", "reason": "local LLM crashed"}
    header, *_ = app._page_state(assistant)
    assert "down: local LLM crashed" in header
