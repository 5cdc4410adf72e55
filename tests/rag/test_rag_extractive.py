"""The extractive answer quotes the sentence that holds what was asked, not one that restates the question."""

from __future__ import annotations

import pytest

from rag.answer_kind import holds_new, names_the_head, new_particulars, wanted
from rag.evidence import Evidence, EvidenceScorer, Sentence
from rag.extractive import extract
from rag.retrieve import KeywordIndex
from tests.fixtures.embedder import FakeEmbedder


def evidence_of(*scored: tuple[str, float, float], before: str = "") -> list[Evidence]:
    """Evidence from (sentence, dense, lexical) triples, in the order given."""
    return [
        Evidence(Sentence("a.txt", 0, len(text), text, before), dense, lexical, rank)
        for rank, (text, dense, lexical) in enumerate(scored)
    ]


def quoted(question: str, evidence: list[Evidence]) -> list[str]:
    claims = extract(question, evidence, EvidenceScorer(FakeEmbedder()), KeywordIndex([]))
    return [claim.text for claim in claims]


@pytest.mark.parametrize("question, kind", [
    ("How many schoolchildren were surveyed?", "number"),
    ("What fraction of the salt is iodised?", "number"),
    ("To what level does the company hope to cut the browser's share?", "number"),
    ("When did the shuttle first fly?", "date"),
    ("In which year was the law passed?", "date"),
    ("Who scored the goal?", "name"),
    ("Which asteroid did the samples come from?", "name"),
    ("Where did the Normans land?", "name"),
    ("Why is the browser a problem for developers?", "reason"),
    ("What did the minister announce?", None),
])
def test_the_wording_of_a_question_says_what_kind_of_answer_it_wants(question, kind):
    assert wanted(question) == kind


def test_only_a_thing_the_question_does_not_already_give_counts():
    question = "Which asteroid did the OSIRIS-REx samples come from?"
    assert holds_new("name", question, "The samples came from the asteroid Bennu.")
    assert not holds_new("name", question, "The OSIRIS-REx capsule landed by parachute.")
    assert not holds_new("number", "Which five countries are covered?", "It covers five countries.")
    assert holds_new("number", "What share of salt is iodised?", "Only 10 per cent of salt is iodised.")
    assert not holds_new("name", question, "However, the capsule landed by parachute.")


def test_a_sentence_with_the_wanted_kind_is_quoted_before_one_restating_the_question():
    evidence = evidence_of(
        ("The capsule carrying the asteroid samples landed by parachute.", 0.7, 0.6),
        ("The rocks were scooped from Bennu in 2020.", 0.6, 0.55),
    )
    assert quoted("Which asteroid did the samples come from?", evidence)[0].startswith("The rocks")


def test_a_why_question_quotes_the_sentence_giving_a_reason_before_one_restating_it():
    question = "Why is the old browser a problem for web developers?"
    restated = ("Web developers face big problems with the old browser.", 0.7, 0.6)
    reason = ("They are forced to accommodate out-of-date technology to support its users.", 0.6, 0.5)
    assert quoted(question, evidence_of(restated, reason))[0].startswith("They are forced")
    no_reason = ("They accommodate out-of-date technology to support its users.", 0.6, 0.5)
    assert quoted(question, evidence_of(restated, no_reason))[0].startswith("Web developers")
    assert not holds_new("reason", "Why did it fail?", "It failed in the end.")


def test_without_a_wanted_kind_the_evidence_order_stands():
    evidence = evidence_of(
        ("Web developers face big problems with the old browser.", 0.9, 1.0),
        ("Thousands of sites still test against it in 2011.", 0.5, 0.2),
    )
    assert quoted("Why is the browser a problem for developers?", evidence) == [evidence[0].sentence.text]


def test_a_sentence_pointing_back_is_matched_with_the_words_of_the_one_before():
    from rag.evidence import lexical_overlap
    from rag.text import focus_terms

    question = "What was the storm over land?"
    before = "The storm weakened over land."
    assert lexical_overlap(focus_terms(question), before, KeywordIndex([])) == 1.0
    pointing = Evidence(Sentence("a.txt", 0, 27, "That is a Category 3 storm.", before), 0.6, 0.5, 1)
    plain = Evidence(Sentence("a.txt", 30, 60, "Forecasters issued a warning.", before), 0.62, 0.5, 0)
    # With the words of the sentence before, the pointing sentence overtakes the plain one.
    assert quoted(question, [plain, pointing])[0] == "That is a Category 3 storm."


def test_a_sentence_repeating_another_with_a_different_name_is_kept():
    assert new_particulars("Lukaku won the Man of the Match award.", "Kane won the Man of the Match award.")
    assert not new_particulars("Kane won the award.", "Harry Kane won the Man of the Match award.")
    evidence = evidence_of(
        ("Harry Kane won the Man of the Match award.", 0.7, 0.7),
        ("Lukaku won the Man of the Match award.", 0.69, 0.7),
    )
    assert len(quoted("Who won the Man of the Match award?", evidence)) == 2


def test_a_plain_repeat_is_still_dropped():
    evidence = evidence_of(
        ("Harry Kane won the Man of the Match award.", 0.7, 0.7),
        ("Kane won the Man of the Match award.", 0.69, 0.7),
    )
    assert len(quoted("Who won the Man of the Match award?", evidence)) == 1


@pytest.mark.parametrize("question, sentence, names", [
    ("On which road was the document found?", "It was found on Castlefrank Road in Kanata.", True),
    ("On which road was the document found?", "It was found on an Ottawa street.", False),
    ("Which asteroid did the samples come from?", "They were scooped from the asteroid Bennu.", True),
    ("Which five nationalities does it cover?", "It covers people from Afghanistan, Eritrea, Libya and Yemen.", True),
    ("Which five nationalities does it cover?", "The scheme covers five nationalities, the Home Office says.", False),
    ("Which road was closed?", "Roads in Kanata, Orleans and Nepean were closed.", False),  # one road asked: no list
    ("Which cities have fallen?", "The rebels took the cities of Aleppo and Hama.", True),
    ("What happened in Ottawa?", "The Senate met in Ottawa.", False),
])
def test_a_name_beside_the_noun_asked_about_or_a_list_for_several(question, sentence, names):
    assert names_the_head(question, sentence) is names



def test_a_sentence_counting_the_asked_noun_is_quoted_first():
    from rag.answer_kind import counts_asked

    assert counts_asked("How many inhabitants does Socotra have?", "With over 40,000 inhabitants, it is busy.")
    assert not counts_asked("How many hits did he get?", "He played in 26 games, hitting .203.")
    evidence = evidence_of(
        ("Socotra is a fairly new eco-tourism destination with decent facilities.", 0.64, 0.6),
        ("With over 40,000 inhabitants, though, it's not just a nature reserve.", 0.44, 0.4),
    )
    assert quoted("How many inhabitants does Socotra have?", evidence)[0].startswith("With over 40,000")


def test_a_best_sentence_that_only_restates_a_why_question_is_followed_by_the_next_one():
    platted = "Downtown streets were originally platted parallel to the Frisco railroad tracks."

    def answer(best: str) -> list[str]:
        evidence = [
            Evidence(Sentence("a.txt", 0, len(best), best), 0.8, 0.8, 0),
            Evidence(Sentence("b.txt", 0, 10, "The grid is laid out by compass points."), 0.3, 0.2, 1),
            Evidence(Sentence("a.txt", 100, 100 + len(platted), platted, best), 0.4, 0.2, 2),
        ]
        return quoted("Why is downtown slanted relative to the grid?", evidence)

    slanted = "The major exception is downtown, which is slanted at almost a 45 degree angle to the grid."
    assert answer(slanted) == [slanted, platted]
    # A sentence that gives the reason itself needs none after it.
    assert platted not in answer("Downtown is slanted relative to the grid, forced to follow the railroad.")


def test_a_question_naming_someone_is_quoted_only_from_the_documents_that_name_them():
    born = "He was born in San Antonio, Texas."
    oath = "I took the Oath to our Constitution at 22 years old."
    evidence = [Evidence(Sentence("padalecki.md", 0, len(born), born, title="Jared Padalecki"), 0.7, 0.5, 0),
                Evidence(Sentence("hill.txt", 0, len(oath), oath, title="Christopher Hill"), 0.5, 0.2, 1)]
    question = "Where was Christopher Hill born?"

    def quotes(**where):
        claims = extract(question, evidence, EvidenceScorer(FakeEmbedder()), KeywordIndex([]), **where)
        return [claim.text for claim in claims]

    assert quotes(sources=("hill.txt",)) == [oath]
    assert quotes()[0] == born  # without the gate's word, the best sentence anywhere
