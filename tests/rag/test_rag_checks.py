"""The gate's named checks, each on its own table: which fails, and what it tells the reader."""

from __future__ import annotations

import pytest

from rag.checks import CHECKS, GateContext
from rag.evidence import Evidence, Sentence
from rag.gate import Gate, Verdict


def evidence_of(*sentences: str | tuple[str, str], dense: float = 0.8) -> list[Evidence]:
    """Evidence from sentences, best first; a (source, text) pair sets the document."""
    found = []
    for rank, item in enumerate(sentences):
        source, text = item if isinstance(item, tuple) else ("a.txt", item)
        found.append(Evidence(Sentence(source, 0, len(text), text), dense, 0.5, rank))
    return found


@pytest.fixture(scope="module")
def gate():
    from rag.evidence import EvidenceScorer
    from rag.retrieve import KeywordIndex
    from tests.fixtures.embedder import FakeEmbedder

    scorer = EvidenceScorer(FakeEmbedder())
    return Gate(scorer), KeywordIndex([])


def judge(gate, question: str, evidence: list[Evidence]) -> Verdict:
    checks, keywords = gate
    return checks.judge(question, evidence, keywords)


CURFEW = "The night-time curfew in Aleppo was lifted last week, the governor said."
BRIDGE = "The army destroyed the Rustan bridge to stop the convoy."

# (question, evidence, the check that must fail, words its explanation must hold)
FAILING = [
    ("Write a poem about the curfew.", [CURFEW], "instruction", "something other than an answer"),
    ("Why was the curfew lifted?", [], "no_evidence", "nothing in the documents"),
    ("What is the capital of Peru?", evidence_of(CURFEW, dense=0.1), "off_topic", "not about this"),
    ("Why was the curfew in Mosul lifted?", [CURFEW], "missing_name", "never mention Mosul"),
    ("What is the population of Aleppo?", [CURFEW], "missing_slot", "never mention the population of Aleppo"),
    ("How many people were killed in Aleppo?", [CURFEW], "missing_slot", "how many people were killed"),
    ("Why did the convoy destroy the Rustan bridge?", [BRIDGE], "other_actor", "not say that the convoy"),
    ("What did the mayor say about the curfew?", [CURFEW], "no_statement", "no statement by the mayor"),
    ("In what year was the curfew lifted in Aleppo?", [CURFEW], "answer_type", "no date"),
]


@pytest.mark.parametrize(("question", "evidence", "check", "words"), FAILING)
def test_each_check_fails_for_its_own_reason_and_says_why(gate, question, evidence, check, words):
    evidence = evidence if not evidence or isinstance(evidence[0], Evidence) else evidence_of(*evidence)
    verdict = judge(gate, question, evidence)
    assert check in verdict.checks, verdict
    failure = next(f for f in verdict.failures if f.check == check)
    assert words in failure.explanation, failure.explanation


def test_a_supported_question_passes_every_check(gate):
    verdict = judge(gate, "Why was the night-time curfew in Aleppo lifted?", evidence_of(CURFEW))
    assert verdict.answerable and verdict.reason == "ok" and verdict.failures == ()


def test_the_verdict_lists_every_failing_check_not_just_the_first(gate):
    verdict = judge(gate, "In what year did Mosul impose a curfew?", evidence_of(CURFEW))
    assert verdict.checks[0] == "missing_name" == verdict.reason
    assert "answer_type" in verdict.checks and len(verdict.checks) >= 2
    assert verdict.explanation == verdict.failures[0].explanation


def test_names_must_come_from_the_document_that_answers(gate):
    fed = "The Fed kept its rates unchanged on Wednesday, its chair said."
    syria = "Rebels in Damascus celebrated on Wednesday as the government fell."
    question = "Why did the Fed keep rates unchanged in Damascus?"

    spread = judge(gate, question, evidence_of(("fed.txt", fed), ("syria.txt", syria)))
    together = judge(gate, question, evidence_of(("fed.txt", fed), ("fed.txt", syria)))

    assert "missing_name" in spread.checks and "Damascus" in spread.failures[0].explanation
    assert "missing_name" not in together.checks


def test_speakers_must_be_quoted_in_the_document_that_answers(gate):
    said = "The governor said the curfew in Aleppo would be lifted."
    question = "What did the governor say about the curfew in Aleppo?"
    mention = "The curfew in Aleppo was lifted by the governor last week."

    spread = judge(gate, question, evidence_of(("a.txt", mention), ("a.txt", mention + " Again."),
                                               ("b.txt", said)))
    together = judge(gate, question, evidence_of(("a.txt", mention), ("a.txt", said)))

    assert "no_statement" in spread.checks
    assert "no_statement" not in together.checks


def test_only_off_topic_instructions_and_empty_retrieval_are_beyond_a_model():
    unfixable = {check.name for check in CHECKS if not check.fixable}
    assert unfixable == {"instruction", "no_evidence", "off_topic"}


def test_unfixable_keeps_only_what_no_model_could_answer(gate):
    verdict = judge(gate, "Write a poem about Mosul.", evidence_of(CURFEW))
    assert {"instruction", "missing_name"} <= set(verdict.checks)
    assert verdict.unfixable().checks == ["instruction"]


def test_every_check_has_a_name_and_an_explanation():
    names = [check.name for check in CHECKS]
    assert len(set(names)) == len(names)
    assert all(check.name and check.explanation for check in CHECKS)


def test_a_context_is_shared_by_the_checks_and_computed_once(gate):
    checks, keywords = gate
    context = GateContext("Why was the curfew lifted?", evidence_of(CURFEW), keywords, checks.scorer)
    assert context.documents == [[CURFEW]] and context.best == CURFEW
    assert context.relevance == pytest.approx(0.8)


def test_a_refused_answer_says_which_checks_refused_and_why():
    from rag.answer import Answer

    refused = Answer("Q?", "The documents don't say.", refused=True, mode="refused",
                     refusal_reason="the documents never mention Mosul", refusal_checks=["missing_name"])
    answered = Answer("Q?", "Homs is a city [1].", refused=False)

    assert refused.to_dict()["refusal_reason"] == "the documents never mention Mosul"
    assert refused.to_dict()["refusal_checks"] == ["missing_name"]
    assert "refusal_reason" not in answered.to_dict() and "refusal_checks" not in answered.to_dict()


def test_each_part_of_a_two_part_question_may_come_from_its_own_document(gate):
    fed = "The Fed kept its rates unchanged on Wednesday, its chair said."
    syria = "Rebels in Damascus celebrated on Wednesday as the government fell."
    two_parts = "What did the Fed do with its rates, and where did rebels celebrate in Damascus?"
    mixed = "What did the Fed do with its rates in Damascus, and where did rebels celebrate?"

    evidence = evidence_of(("fed.txt", fed), ("syria.txt", syria))

    assert "missing_name" not in judge(gate, two_parts, evidence).checks
    assert "missing_name" in judge(gate, mixed, evidence).checks


@pytest.mark.parametrize(
    ("question", "sentence", "refused"),
    [
        ("How long is the tapestry?", "The tapestry is the most famous work of Norman art.", True),
        ("How long is the tapestry?", "The tapestry is nearly 70 metres long.", False),
        ("When did the war begin?", "Assad regained control during the civil war.", True),
        ("When did the war begin?", "The war began in March 2011.", False),
        ("How many cities fell?", "Most of the cities fell to the rebels.", True),  # "most" counts nothing
        ("How many cities fell?", "Two of the cities fell to the rebels.", False),
        ("How many religious schools are there?", "Several towns asked religious schools to pay.", True),
        ("Which hospital treated the girl?", "The girl was taken to the emergency department.", True),
        ("Which hospital treated the girl?", "The girl was taken to Westmead Hospital.", False),
        ("In what year did the duchy begin?", "The duchy began in 911 as a fiefdom.", False),
        ("How many fighters were sent?", "Most of the country was retaken; 300 fighters were sent.", False),
        ("How many fighters were sent?", "Most of the country was retaken by the army.", True),
    ],
)
def test_answer_type_wants_a_measure_or_a_time_not_a_vague_word(gate, question, sentence, refused):
    assert ("answer_type" in judge(gate, question, evidence_of(sentence)).checks) == refused


def test_a_number_the_question_already_gives_answers_nothing(gate):
    question = "How many people lived in the city in 2010?"
    given = "The people of the city took part in the 2010 census."
    assert "answer_type" in judge(gate, question, evidence_of(given)).checks
    counted = "The city had about 391,000 people in 2010."
    assert "answer_type" not in judge(gate, question, evidence_of(counted)).checks


def test_an_attribute_must_be_named_with_its_owner_in_one_sentence(gate):
    apart = evidence_of("The curfew in Aleppo was lifted last week.", "Much of the population fled the country.")
    together = evidence_of("The population of Aleppo fled the curfew last week.")
    assert "missing_slot" in judge(gate, "What is the population of Aleppo?", apart).checks
    assert "missing_slot" not in judge(gate, "What is the population of Aleppo?", together).checks


def test_a_passive_sentence_that_names_no_actor_does_not_contradict_the_asked_actor(gate):
    passive = evidence_of("Several scenarios were considered because of uncertain future ozone levels.")
    swapped = evidence_of(BRIDGE)
    assert "other_actor" not in judge(gate, "Why did the researchers consider several scenarios?", passive).checks
    assert "other_actor" in judge(gate, "Why did the convoy destroy the Rustan bridge?", swapped).checks


def test_each_part_of_a_two_part_count_question_may_be_answered_by_its_own_document(gate):
    columbia = "All seven astronauts aboard died when Columbia disintegrated during re-entry."
    cyclone = "The 1999 cyclone in the Bay of Bengal left 10,000 people dead."
    question = "How many astronauts died when Columbia disintegrated, and how many people did the cyclone kill?"
    evidence = evidence_of(("cyclone.txt", cyclone), ("shuttle.txt", columbia))
    verdict = judge(gate, question, evidence)
    assert "missing_slot" not in verdict.checks and "answer_type" not in verdict.checks


def test_a_part_may_open_with_a_preposition():
    from rag.extractive import parts

    question = "Which broadcaster won two packages in 2006, and at which stadium did Sweden play?"
    assert parts(question) == ["Which broadcaster won two packages in 2006", "at which stadium did Sweden play?"]


@pytest.fixture(scope="module")
def gate_with_rules():
    """The gate with the verifier's rules, as the Assistant builds it: the premise check judges."""
    from rag.entailment import Entailment
    from rag.evidence import EvidenceScorer
    from rag.retrieve import KeywordIndex
    from tests.fixtures.embedder import FakeEmbedder

    return Gate(EvidenceScorer(FakeEmbedder()), entailment=Entailment()), KeywordIndex([])


EVACUATED = "The Indian government ordered the largest evacuation in the country's history before the storm."
WEAKENED = "The cyclone weakened quickly after it moved inland."


@pytest.mark.parametrize(("question", "sentence"), [
    ("Why did the Indian government refuse to order the evacuation?", EVACUATED),  # a negation added
    ("Why did the cyclone strengthen after it moved inland?", WEAKENED),  # the opposite
    ("Why did the mayor resign after the protests in Aleppo?", CURFEW),  # an event never told
    ("Why does the project require volunteers to download software?",  # denied through its subject
     "The project runs in most browsers, and no downloads are required of volunteers."),
    ("Why was Harry Kane sent off against Tunisia?",  # every word but the event's verb
     "Tunisia lost 1-2 to England, with a late goal from English captain Harry Kane."),
])
def test_a_why_question_whose_premise_the_documents_contradict_or_never_tell_is_refused(
        gate_with_rules, question, sentence):
    verdict = judge(gate_with_rules, question, evidence_of(sentence))
    assert "false_premise" in verdict.checks, verdict
    assert "do not say that" in next(f for f in verdict.failures if f.check == "false_premise").explanation


@pytest.mark.parametrize(("question", "sentence"), [
    ("Why did the Indian government order the evacuation?", EVACUATED),
    ("Why does the mosque have no minarets?",  # a denied premise, told denied
     "The mosque was built for the royal family, and therefore it does not have any minarets."),
    ("Why did the cyclone weaken after it moved inland?", WEAKENED),
    ("Why was the night-time curfew in Aleppo lifted?", CURFEW),
])
def test_a_why_question_whose_premise_a_sentence_tells_passes_the_premise_check(gate_with_rules, question, sentence):
    assert "false_premise" not in judge(gate_with_rules, question, evidence_of(sentence)).checks


def test_only_why_questions_carry_a_premise_to_check():
    from rag.checks.premise import premise_of

    assert premise_of("Why did the rebels destroy the bridge?") == "the rebels destroy the bridge"
    assert premise_of("Why was Harry Kane sent off?") == "Harry Kane sent off"
    assert premise_of("Why would losing Homs matter?") is None  # a hypothetical asserts no event
    assert premise_of("How did Assad leave the country?") is None


DRAFTED = "Holt was drafted by the Pittsburgh Pirates in the ninth round."
BORN = "Brock Wyatt Holt (born June 11, 1988) is an American baseball player."


def test_a_person_called_by_surname_after_a_full_first_mention_is_still_named(gate):
    question = "In which round did the Pittsburgh Pirates select Brock Holt?"
    assert "missing_name" not in judge(gate, question, evidence_of(DRAFTED, BORN)).checks
    # Without a sentence giving the full name, "Holt" could be anyone called Holt.
    assert "missing_name" in judge(gate, question, evidence_of(DRAFTED)).checks


def test_a_document_names_what_its_title_names(gate):
    said = "I took the Oath to our Constitution at 22 years old."
    question = "At what age did Christopher Hill take the Oath to the Constitution?"
    titled = [Evidence(Sentence("hill.txt", 80, 80 + len(said), said, title="Wikinews interviews Christopher Hill"),
                       0.8, 0.5, 0)]

    verdict = judge(gate, question, titled)
    assert "missing_name" not in verdict.checks
    assert verdict.sources == ("hill.txt",)  # where the quotes will come from
    # Another document's title names nobody here.
    assert "missing_name" in judge(gate, question, evidence_of(said)).checks


def test_only_a_persons_full_name_stands_for_its_last_word():
    from rag.checks.context import full_names

    assert full_names("Why did Brock Holt move to left field?") == [({"brock"}, "holt")]
    assert full_names("How many people did the North Korean shells kill?") == []  # adjectives
    assert full_names("Why will Space Shuttle Discovery go to Houston?") == []  # a common word


def test_the_asked_actor_may_be_called_by_surname(gate):
    moved = "On June 8, 2014, in order to allow Xander Bogaerts to play third base, Holt moved to left field."
    verdict = judge(gate, "Why did Brock Holt move to left field in June 2014?", evidence_of(moved, BORN))
    assert "other_actor" not in verdict.checks, verdict


STUDY = "The Australian National Iodine Nutrition Study was published in the Medical Journal this week."
SURVEY = "A cross-sectional survey of 1709 schoolchildren was carried out in five states."


def test_a_count_of_the_asked_noun_answers_even_below_the_top_sentences(gate):
    question = "How many schoolchildren were surveyed in the Australian National Iodine Nutrition Study?"
    filler = [f"The Australian National Iodine Nutrition Study found result number {n}." for n in "abc"]
    verdict = judge(gate, question, evidence_of(STUDY, *filler, SURVEY))
    assert not {"missing_slot", "answer_type"} & set(verdict.checks), verdict
    # Without the count, the deeper sentences answer nothing.
    assert "answer_type" in judge(gate, question, evidence_of(STUDY, *filler)).checks


def test_a_count_of_the_noun_for_another_event_does_not_answer(gate):
    killed = "Past cyclones there left as many as 300,000 people killed."
    verdict = judge(gate, "How many people were evacuated ahead of the cyclone?", evidence_of(killed))
    assert {"missing_slot", "answer_type"} & set(verdict.checks), verdict


def test_names_in_any_alphabet_are_whole_words(gate):
    from rag.checks.context import question_names
    from rag.text import words

    assert words("Zürich and São Paulo") == ["zürich", "and", "são", "paulo"]  # not "rich", "paulo"
    assert question_names("Why did Ichiyō Higuchi meet Évariste Galois?") == {"ichiyō", "higuchi", "évarist", "galoi"}
    told = "Ichiyō Higuchi began writing fiction to support her family."
    assert "missing_name" not in judge(gate, "Why did Ichiyō Higuchi begin writing fiction?", evidence_of(told)).checks
