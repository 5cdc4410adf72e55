"""Fact recall over the Answer JSON."""

from evals.metrics.facts import fact_present, fact_recall

FACTS = [["Aleppo"], ["Hama"], ["crossroad", "junction"]]


def answer(text, refused=False):
    return {"answer": text, "refused": refused, "citations": []}


def test_share_of_facts_present_case_insensitively():
    text = "The rebels took ALEPPO. [1] Homs is a crossroads city. [2]"
    assert fact_recall(answer(text), FACTS) == 2 / 3


def test_any_alternative_satisfies_a_fact():
    assert fact_present("Homs is a road junction.", ["crossroad", "junction"])


def test_markers_do_not_break_a_fact_apart():
    assert fact_present("Aleppo [1] and Hama fell.", ["Aleppo and Hama"])


def test_curly_and_straight_quotes_match():
    assert fact_present("HTS wants a substitute for Assad’s government.", ["Assad's government"])


def test_refused_answer_scores_zero_even_if_it_names_a_fact():
    assert fact_recall(answer("Nothing about Aleppo in the documents.", refused=True), FACTS) == 0.0


def test_empty_answer_scores_zero():
    assert fact_recall(answer(""), FACTS) == 0.0


def test_case_without_facts_has_no_score():
    assert fact_recall(answer("Anything."), []) is None


def test_blank_alternatives_never_match():
    assert not fact_present("Anything at all.", ["", "  "])
