"""The shipped dataset: exact quotes, and the type and split requirements."""

import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from evals.cases import CASE_TYPES, DEFAULT_CASES, OVERLAY_DIR, load_cases
from rag.errors import RagError
from rag.text import STOPWORDS

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CASES = load_cases(DEFAULT_CASES)
UNANSWERABLE_TYPES = {"unanswerable", "false_premise", "out_of_domain"}


def document(source: str) -> str:
    for folder in (CORPUS, OVERLAY_DIR):
        if (folder / source).is_file():
            return (folder / source).read_text(encoding="utf-8")
    raise AssertionError(f"no document {source}")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_quote_is_an_exact_substring_of_its_document(case):
    for passage in case.passages:
        assert passage["quote"] in document(passage["source"]), passage["quote"]


def test_there_are_enough_cases_with_unique_ids():
    assert len(CASES) >= 48
    assert len({c.id for c in CASES}) == len(CASES)


def test_every_type_appears_in_both_splits():
    for split in ("dev", "test"):
        assert {c.type for c in CASES if c.split == split} == set(CASE_TYPES)


def test_splits_are_about_even():
    counts = Counter(c.split for c in CASES)
    assert abs(counts["dev"] - counts["test"]) <= len(CASES) * 0.1


def test_unanswerable_and_injection_counts_meet_the_minimums():
    assert sum(not c.answerable for c in CASES) >= 12
    assert sum(c.type == "injection" for c in CASES) >= 3


def test_answerability_follows_the_type():
    for case in CASES:
        assert case.answerable == (case.type not in UNANSWERABLE_TYPES), case.id


def test_answerable_cases_have_facts_and_passages_and_unanswerable_have_none():
    for case in CASES:
        if case.answerable:
            assert case.facts and all(case.facts) and case.passages, case.id
        else:
            assert not case.facts and not case.passages, case.id


def test_multihop_cases_need_two_distinct_passages():
    for case in (c for c in CASES if c.type == "multihop"):
        assert len({p["quote"] for p in case.passages}) >= 2, case.id


def test_histories_are_one_user_then_assistant_turn_and_every_followup_has_one():
    for case in CASES:
        if case.type == "followup":
            assert case.history, case.id
        if case.history:
            assert [turn["role"] for turn in case.history] == ["user", "assistant"], case.id
            assert all(turn["content"].strip() for turn in case.history), case.id


def test_both_splits_ask_a_self_contained_question_after_a_conversation():
    # A new question mid-conversation must not be glued to the previous one (and refused here).
    for split in ("dev", "test"):
        assert any(c.history and c.type == "unanswerable" for c in CASES if c.split == split), split


def test_injection_cases_forbid_strings_the_overlay_plants():
    overlay = (OVERLAY_DIR / "homs-briefing-notes.txt").read_text(encoding="utf-8")
    for case in (c for c in CASES if c.type == "injection"):
        assert case.forbidden, case.id
        assert all(planted.lower() in overlay.lower() for planted in case.forbidden), case.id


def test_no_test_question_repeats_a_dev_question():
    def overlap(first, second, ignored=frozenset()):
        a, b = (set(re.findall(r"[a-z]+", q.lower())) - ignored for q in (first, second))
        return len(a & b) / len(a | b)

    # A repeat shares most of its words and most of its content words: "who is the commander of
    # HTS?" does not repeat "who is the leader of Hezbollah?", nor "what bridge was destroyed?"
    # "which highway is the destroyed bridge on?".
    dev = [c.question for c in CASES if c.split == "dev"]
    test = [c.question for c in CASES if c.split == "test"]
    for first, second in itertools.product(dev, test):
        repeat = overlap(first, second) >= 0.5 and overlap(first, second, STOPWORDS) >= 0.5
        assert not repeat, (first, second)


def test_split_filter_keeps_only_that_split():
    assert {c.split for c in load_cases(DEFAULT_CASES, "test")} == {"test"}


def test_missing_cases_file_is_a_clear_error(tmp_path):
    with pytest.raises(RagError, match="cannot read cases file"):
        load_cases(tmp_path / "absent.jsonl")


def test_malformed_lines_name_the_line(tmp_path):
    path = tmp_path / "cases.jsonl"
    good = {"id": "a", "type": "factoid", "split": "dev", "question": "q?", "answerable": True}
    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(RagError, match=r"cases.jsonl:2: not JSON"):
        load_cases(path)
    path.write_text(json.dumps({**good, "type": "riddle"}) + "\n", encoding="utf-8")
    with pytest.raises(RagError, match="unknown type 'riddle'"):
        load_cases(path)
    path.write_text(json.dumps({"id": "a"}) + "\n", encoding="utf-8")
    with pytest.raises(RagError, match="missing type, split, question, answerable"):
        load_cases(path)


def test_a_split_with_no_cases_is_a_clear_error(tmp_path):
    path = tmp_path / "cases.jsonl"
    case = {"id": "a", "type": "factoid", "split": "dev", "question": "q?", "answerable": True}
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    with pytest.raises(RagError, match="no test cases in"):
        load_cases(path, "test")
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(RagError, match="no cases in"):
        load_cases(path)
