"""Follow-up questions become standalone before retrieval, with or without an LLM."""

from __future__ import annotations

import pytest

from rag.condense import condense, needs_context
from rag.llm import LLM
from tests.fixtures.fake_openai import Garbage, Sleep
from tests.rag.support import assert_contract

HISTORY = [
    {"role": "user", "content": "Which cities did the rebels capture?"},
    {"role": "assistant", "content": "The rebels have captured the key cities of Aleppo and Hama so far [1]."},
]
FOLLOW_UP = "And what about Homs?"


@pytest.fixture
def scripted_llm(make_settings):
    return LLM(make_settings())


def test_without_llm_a_follow_up_is_joined_to_the_previous_question():
    assert condense(HISTORY, FOLLOW_UP, None) == "Which cities did the rebels capture? And what about Homs?"


def test_without_llm_the_latest_user_question_is_used():
    history = HISTORY + [{"role": "user", "content": "Who sent supervising forces to Syria?"},
                         {"role": "assistant", "content": "Hezbollah [1]."}]
    assert condense(history, "Why them?", None) == "Who sent supervising forces to Syria? Why them?"


@pytest.mark.parametrize(
    ("history", "question"),
    [([], FOLLOW_UP), (HISTORY, "Who sent supervising forces from Lebanon to Syria?")],
    ids=["first-turn", "standalone"],
)
def test_questions_that_stand_alone_are_left_as_they_are(history, question, scripted_llm, llm_server):
    assert condense(history, question, scripted_llm) == question
    assert llm_server.completions == []


def test_needs_context_spots_pronouns_and_short_follow_ups():
    assert needs_context("What did they capture?")
    assert needs_context("And Hama?")
    assert not needs_context("Who sent supervising forces from Lebanon to Syria?")


@pytest.mark.parametrize(
    "question",
    [
        "And what about the second one?",
        "Why did they do it?",
        "Why?",
        "Hama?",
        "How far is it from there?",
        "Who is the source for that?",
        "What about the latter?",
        "How big is that backlog?",
        "Which crop is mainly sensitive to heat instead?",
        "Within how many hours?",
    ],
)
def test_follow_ups_need_the_conversation(question):
    assert needs_context(question)


@pytest.mark.parametrize(
    "question",
    [
        "What is the population of Damascus?",
        "Why is Homs significant?",
        "Is there electricity in Homs?",
        "Is it true that Assad fled to Moscow?",
        "Who leads HTS?",
        "What did the Syrian Observatory for Human Rights report?",
        "Who said that Homs was empty?",
        "In which year did the Syrian civil war begin?",
        "How many people live in Taipei?",
        "Which towns near Homs do the rebels say they have taken?",
        "Which organisation reported that people were fleeing toward the coast?",
        "Is everyday life back to normal in the northern city that was captured a week earlier?",
        "What is the weather like in Homs this week?",
    ],
)
def test_self_contained_questions_stand_alone(question):
    assert not needs_context(question)


def test_a_new_question_after_a_conversation_is_not_glued_to_it(scripted_llm, llm_server):
    history = [
        {"role": "user", "content": "Why is Homs significant?"},
        {"role": "assistant", "content": "Homs is a key crossroads city linking Damascus to the coast [1]."},
    ]
    question = "What is the population of Damascus?"

    assert condense(history, question, None) == question
    assert condense(history, question, scripted_llm) == question
    assert llm_server.completions == []


def test_a_good_llm_rewrite_is_used(scripted_llm, llm_server):
    llm_server.script("  Why did the rebels target Homs after capturing Aleppo and Hama?\n")

    standalone = condense(HISTORY, FOLLOW_UP, scripted_llm)

    assert standalone == "Why did the rebels target Homs after capturing Aleppo and Hama?"
    [request] = llm_server.completions
    prompt = request.prompt
    assert "Which cities did the rebels capture?" in prompt and FOLLOW_UP in prompt
    assert "Aleppo and Hama so far" in prompt  # the assistant's turn is context too


@pytest.mark.parametrize(
    "reply",
    [
        "The rebels want Homs next",  # not a question
        "What about the third city?",  # drops the name the follow-up asked about
        "What about Homs?\nAnd what about Hama?",  # more than one line
        "",
        Garbage(),
        Sleep(5),
    ],
    ids=["no-question-mark", "drops-name", "two-lines", "empty", "garbage", "timeout"],
)
def test_a_bad_llm_rewrite_falls_back_to_joining_the_questions(make_settings, llm_server, reply):
    llm_server.script(reply)

    standalone = condense(HISTORY, FOLLOW_UP, LLM(make_settings(llm_timeout=1)))

    assert standalone == "Which cities did the rebels capture? And what about Homs?"
    assert len(llm_server.completions) == 1


FLED = (
    "Thousands of people began fleeing on Thursday night towards Syria's western coastal regions, "
    "a stronghold of the government, said the Syrian Observatory for Human Rights."
)


def test_chat_answers_a_follow_up_through_its_standalone_form(
    make_assistant, llm_server, cite_sentences
):
    rewrite = "Where did thousands of people flee?"
    llm_server.script(rewrite, cite_sentences(FLED))

    answer = make_assistant().chat(HISTORY, "Where did they flee?")

    assert answer.question == "Where did they flee?"
    assert answer.standalone_question == rewrite
    assert answer.to_dict()["standalone_question"] == rewrite
    assert answer.mode == "generated" and [c.text for c in answer.citations] == [FLED]
    assert len(llm_server.completions) == 2
    assert rewrite in llm_server.completions[1].prompt
    assert_contract(answer)
