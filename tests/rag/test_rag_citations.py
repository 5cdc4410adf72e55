"""Verifier.verify + citations.render: whatever the draft, only exact spans and valid markers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rag.answer import Answer
from rag.citations import Claim, Verifier, render, split_claims
from tests.rag.support import SEED, assert_contract, corpus_text

QUESTIONS = [
    "Which cities did the rebels capture?",
    "Who sent supervising forces to Syria?",
    "Where did thousands of people flee?",
    "What would seizing Homs cut off?",
]


@pytest.fixture(scope="module")
def chain():
    """A scorer, keyword index and every chunk of the corpus, with no store and no server."""
    from index.chunking import chunk_document
    from index.loaders import load
    from rag.evidence import EvidenceScorer
    from rag.retrieve import KeywordIndex, Passage
    from tests.fixtures.embedder import FakeEmbedder

    chunks = chunk_document(load(SEED, SEED.parent))
    passages = [Passage(chunk, 1.0 / (i + 1)) for i, chunk in enumerate(chunks)]
    keywords = KeywordIndex(chunks)
    scorer = EvidenceScorer(FakeEmbedder())
    evidence = {q: scorer.score(q, passages, keywords) for q in QUESTIONS}
    return scorer, evidence


def corpus_sentences() -> list[str]:
    from index.sentences import sentences

    text = corpus_text(SEED.name)
    return [text[s:e] for s, e in sentences(text) if len(text[s:e].split()) >= 4]


SENTENCES = corpus_sentences()

markers = st.lists(st.integers(min_value=0, max_value=12), max_size=3).map(
    lambda ns: "".join(f" [{n}]" for n in ns)
)
grouped = st.lists(st.integers(min_value=-1, max_value=12), min_size=2, max_size=3).map(
    lambda ns: " [" + ", ".join(map(str, ns)) + "]"
)
junk = st.lists(
    st.sampled_from(list("abcHmsAl []0123456789.,!?\n'’\"-:") + ["Homs ", "the ", "rebels "]),
    max_size=40,
).map("".join)
sentence = st.sampled_from(SENTENCES).flatmap(
    lambda s: st.sampled_from([s, s.rstrip("."), s.upper(), s[: len(s) // 2]])
)
part = st.tuples(st.one_of(sentence, junk), st.one_of(markers, grouped, st.just(""))).map(
    lambda pair: pair[0] + pair[1]
)
drafts = st.lists(part, max_size=6).flatmap(
    lambda parts: st.sampled_from([" ", "\n", ". "]).map(lambda sep: sep.join(parts))
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draft=drafts, question=st.sampled_from(QUESTIONS), keep=st.integers(1, 8))
def test_any_draft_renders_only_exact_citations_and_valid_markers(chain, draft, question, keep):
    scorer, by_question = chain
    evidence = by_question[question][:keep]

    claims = Verifier(scorer).verify(draft, evidence)
    text, citations, sentences = render(claims, evidence)
    event(f"kept claims: {min(len(claims), 2)}")

    assert all(claim.supports and all(0 <= i < len(evidence) for i in claim.supports)
               for claim in claims)
    assert_contract(Answer(question, text, refused=False, citations=citations))
    assert " ".join(s.text for s in sentences) == text
    assert all(set(s.citations) <= {c.n for c in citations} for s in sentences)


def test_copied_sentences_are_kept_and_cited_to_themselves(chain):
    scorer, by_question = chain
    evidence = by_question["Which cities did the rebels capture?"]
    first, second = evidence[0].sentence.text, evidence[1].sentence.text
    unrelated = len(evidence)  # the last source: nothing about captured cities

    claims = Verifier(scorer).verify(f"{first} [{unrelated}] {second}", evidence)

    assert [c.text for c in claims] == [first, second]
    assert claims[0].supports == (0,) and claims[1].supports == (1,)


def test_claims_naming_absent_numbers_or_names_are_unsupported(chain):
    scorer, by_question = chain
    evidence = by_question["Which cities did the rebels capture?"]
    verifier = Verifier(scorer)

    assert verifier.verify("The rebels have captured 12 key cities of Aleppo and Hama.", evidence) == []
    assert verifier.verify("The rebels have captured the key cities of Aleppo and Mosul.", evidence) == []
    assert verifier.verify("Anything at all [1].", []) == []


def test_render_numbers_citations_by_first_use():
    from rag.evidence import Evidence, Sentence

    text = corpus_text(SEED.name)
    spans = [(text.index(s), text.index(s) + len(s)) for s in SENTENCES[2:5]]
    evidence = [Evidence(Sentence(SEED.name, a, b, text[a:b]), 0.5, 0.5, 0) for a, b in spans]

    body, citations, sentences = render([Claim("Third one.", (2,)), Claim("Both", (0, 2))], evidence)

    assert body == "Third one [1]. Both [2][1]."
    assert [(s.text, s.citations) for s in sentences] == [("Third one [1].", (1,)), ("Both [2][1].", (2, 1))]
    assert [(c.n, c.start) for c in citations] == [(1, spans[2][0]), (2, spans[0][0])]


def test_markers_go_before_the_full_stop_but_never_inside_a_quotation():
    from rag.evidence import Evidence, Sentence

    text = corpus_text(SEED.name)
    quoted = 'Earlier, in an online post, the rebels urged Homs residents to rise up, saying: "Your time has come."'
    start = text.index(quoted)
    evidence = [Evidence(Sentence(SEED.name, start, start + len(quoted), quoted), 0.5, 0.5, 0)]

    body, _, _ = render([Claim("Homs is a key city.", (0,)), Claim(quoted, (0,)), Claim("No stop", (0,))], evidence)

    assert body == f'Homs is a key city [1]. {quoted} [1] No stop [1].'


def test_a_quoted_source_s_own_footnote_marks_never_read_as_citations():
    from rag.evidence import Evidence, Sentence

    quoted = 'His style was called "the fullest recreation of a national idiom". [1] It drew on folk music.[2][4]'
    evidence = [Evidence(Sentence("dvorak.txt", 0, len(quoted), quoted), 0.5, 0.5, 0) for _ in range(3)]

    body, citations, _ = render([Claim(quoted, (2,))], evidence)

    assert body == 'His style was called "the fullest recreation of a national idiom". It drew on folk music [1].'
    assert [c.text for c in citations] == [quoted]


def test_markers_after_the_full_stop_belong_to_the_sentence_before():
    assert split_claims("Homs is a key city. [1] Aleppo fell to the rebels.[2, 3] Hama fell last week.") == [
        ("Homs is a key city.", [1]),
        ("Aleppo fell to the rebels.", [2, 3]),
        ("Hama fell last week.", []),
    ]


def test_split_claims_strips_markers_and_labels():
    assert split_claims("Answer: Homs is a key city [1, 3]. Yes [2]. Aleppo fell to rebels.") == [
        ("Homs is a key city.", [1, 3]),
        ("Aleppo fell to rebels.", []),
    ]
