"""A capable configured model makes answers better: the gate refuses before drafting only what no
model could fix, and verification decides after. Scripted good and subtly lying models, with a
generous deadline: a late draft takes another path (degraded)."""

from __future__ import annotations

from tests.fixtures.models import good_model, lying_model
from tests.rag.support import assert_contract, cites

CITIES = "Which cities did the rebels capture?"
CAPTURED = "The rebels have captured the key cities of Aleppo and Hama so far."
BRIDGE = ("According to a Syrian official, the Russian military destroyed the Rustan bridge along the M5 "
          "highway, the main route to Homs, to prevent rebels from using it to advance.")
# The rules doubt these: their words are not the article's, or their premise is not its story.
REWORDED = "Who knocked down the Rustan bridge?"
FALSE_PREMISE = "Why did the rebels destroy the Rustan bridge?"
TWO_PARTS = "Which cities did the rebels capture, and what would seizing Homs cut off?"


def test_a_question_the_rules_doubt_is_answered_by_a_good_model(make_assistant, llm_server):
    llm_server.script(good_model({REWORDED: ["The Russian military destroyed the Rustan bridge."]}))

    answer = make_assistant(llm_timeout=30).ask(REWORDED)

    assert not answer.refused and answer.mode == "generated"
    assert answer.text == "The Russian military destroyed the Rustan bridge [1]."
    assert cites(answer, BRIDGE) and len(answer.citations) == 1
    assert_contract(answer)


def test_a_good_draft_gets_no_unrelated_quotes(make_assistant, llm_server):
    llm_server.script(good_model({CITIES: [CAPTURED]}))

    answer = make_assistant(llm_timeout=30).ask(CITIES)

    assert answer.mode == "generated"
    assert [c.text for c in answer.citations] == [CAPTURED]
    assert_contract(answer)


def test_a_draft_that_leaves_out_part_of_the_question_gets_the_quote_for_it(make_assistant, llm_server):
    llm_server.script(good_model({TWO_PARTS: [CAPTURED]}))

    answer = make_assistant(llm_timeout=30).ask(TWO_PARTS)

    assert answer.mode == "generated" and answer.citations[0].text == CAPTURED
    assert any("cut off Damascus from the coast" in c.text for c in answer.citations[1:])
    assert_contract(answer)


def test_not_in_sources_is_one_signal_and_quotes_answer_when_the_gate_is_sure(make_assistant, llm_server):
    llm_server.script(good_model({CITIES: "NOT IN SOURCES"}), "Yes.")

    answer = make_assistant(llm_timeout=30, llm_judge=True).ask(CITIES)

    assert not answer.refused and answer.mode == "extractive"
    assert cites(answer, CAPTURED)
    # The model was asked once more, about the very sentences quoted.
    second = llm_server.completions[1].prompt
    assert "Question: " + CITIES in second and all(c.text in second for c in answer.citations)
    assert_contract(answer)


def test_not_in_sources_refuses_when_the_model_says_the_quotes_do_not_answer_either(make_assistant, llm_server):
    llm_server.script(good_model({CITIES: "NOT IN SOURCES"}), "No")

    answer = make_assistant(llm_timeout=30, llm_judge=True).ask(CITIES)

    assert answer.refused and answer.refusal_checks == ["not_in_sources"]
    assert "nor in the best quotes" in answer.refusal_reason
    assert_contract(answer)


def test_quotes_answer_when_the_model_gives_no_verdict_on_them(make_assistant, llm_server):
    llm_server.script(good_model({CITIES: "NOT IN SOURCES"}), "Perhaps, the passages are unclear.")

    answer = make_assistant(llm_timeout=30, llm_judge=True).ask(CITIES)

    assert not answer.refused and cites(answer, CAPTURED)


def test_without_the_model_judge_the_quotes_are_not_put_to_the_model(make_assistant, llm_server):
    llm_server.script(good_model({CITIES: "NOT IN SOURCES"}), "No")

    answer = make_assistant(llm_timeout=30).ask(CITIES)

    assert not answer.refused and cites(answer, CAPTURED) and len(llm_server.completions) == 1


def test_not_in_sources_refuses_when_the_passages_cover_only_part_of_the_question(make_assistant, llm_server):
    # The gate lets it through, but "take" and "near" are not in the passages: the model's doubt decides.
    towns = "Which towns did the rebels take near Homs?"
    llm_server.script(good_model({towns: "NOT IN SOURCES"}))

    answer = make_assistant(llm_timeout=30).ask(towns)

    assert answer.refused and answer.refusal_checks == ["not_in_sources"]
    assert "model found no answer" in answer.refusal_reason
    assert_contract(answer)


def test_not_in_sources_refuses_when_the_gate_also_doubts(make_assistant, llm_server):
    llm_server.script(good_model({FALSE_PREMISE: "NOT IN SOURCES"}))

    answer = make_assistant(llm_timeout=30).ask(FALSE_PREMISE)

    assert answer.refused and answer.mode == "refused" and len(llm_server.completions) == 1
    assert answer.refusal_checks == ["other_actor", "false_premise"]  # the rebels did not destroy it
    assert answer.refusal_reason == "the documents do not say that the rebels did this"
    assert_contract(answer)


def test_a_lie_that_swaps_the_actor_is_dropped_and_the_doubted_question_refused(make_assistant, llm_server):
    llm_server.script(lying_model({FALSE_PREMISE: [
        "The rebels destroyed the Rustan bridge along the M5 highway to advance."]}))

    answer = make_assistant(llm_timeout=30).ask(FALSE_PREMISE)

    assert answer.refused and "other_actor" in answer.refusal_checks
    assert_contract(answer)


def test_lies_reusing_the_sources_words_never_reach_the_answer(make_assistant, llm_server):
    lies = ["The rebels have not captured the key cities of Aleppo and Hama so far.",
            "The rebels have captured the key cities of Aleppo and Homs so far.",
            "The rebels have captured the key cities of Aleppo and Hama because Russia left."]
    llm_server.script(lying_model({CITIES: lies}))

    answer = make_assistant(llm_timeout=30).ask(CITIES)

    assert not answer.refused and answer.mode == "extractive"  # the quotes answer instead
    assert "not captured" not in answer.text and "because" not in answer.text
    assert "Aleppo and Homs" not in answer.text and cites(answer, CAPTURED)
    assert_contract(answer)


def test_the_good_part_of_a_half_lying_draft_survives_alone(make_assistant, llm_server):
    llm_server.script(lying_model({CITIES: [CAPTURED, "The curfew in Aleppo was extended."]}))

    answer = make_assistant(llm_timeout=30).ask(CITIES)

    assert answer.mode == "generated" and "extended" not in answer.text
    assert [c.text for c in answer.citations] == [CAPTURED]
    assert_contract(answer)


def test_a_terse_local_draft_is_completed_but_a_capable_one_only_with_what_it_left_out():
    from rag.citations import Claim
    from rag.extractive import complete

    drafted = [Claim("The rebels captured Aleppo and Hama.", (0,))]
    quoted = [Claim("Rebels took Aleppo last week.", (1,)), Claim("Seizing Homs would cut off the coast.", (2,))]

    assert complete(drafted, quoted) == drafted + quoted
    assert complete(drafted, quoted, "Which cities did the rebels capture?") == drafted
    assert complete(drafted, quoted, "Which cities fell, and what would seizing Homs cut off?") == [
        drafted[0], quoted[1]]


def test_a_capable_model_reads_more_passages_unless_top_k_is_set(make_assistant, llm_server, monkeypatch):
    from rag.assistant import CAPABLE_TOP_K

    asked = []

    def counted(assistant):
        original = assistant.retriever.retrieve

        def retrieve(question, top_k=None, parts=None):
            asked.append(top_k)
            return original(question, top_k, parts)

        monkeypatch.setattr(assistant.retriever, "retrieve", retrieve)
        return assistant

    llm_server.script(good_model({}))
    counted(make_assistant()).ask("Why is Homs significant?")
    counted(make_assistant(top_k=4)).ask("Why is Homs significant?", use_llm=True)
    counted(make_assistant()).ask("Why is Homs significant?", use_llm=False)

    assert asked == [CAPABLE_TOP_K, None, None]  # None: the setting (4, then the default 6)
