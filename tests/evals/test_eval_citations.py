"""ALCE-style citation recall and precision, exactness and marker checks."""

from evals.metrics.citations import (
    citation_exactness,
    citation_precision,
    citation_recall,
    marker_validity,
    sentences_cited,
)

DOC = "Homs is a key crossroads city. Rebels captured Aleppo and Hama. Russia destroyed a bridge."
HOMS = "Homs is a key crossroads city."
CAPTURED = "Rebels captured Aleppo and Hama."
BRIDGE = "Russia destroyed a bridge."


def cite(n, text, source="doc.txt"):
    start = DOC.find(text)
    return {"n": n, "source": source, "text": text, "start": start, "end": start + len(text),
            "score": 0.5}


def answer(text, citations, refused=False):
    return {"answer": text, "refused": refused, "citations": citations}


def test_recall_is_the_share_of_sentences_their_citations_support():
    # Sentence 1 supported; sentence 2 cites the wrong passage; sentence 3 has no citation.
    ans = answer(
        "Homs is a key crossroads city. [1] Rebels captured Aleppo and Hama. [1] Russia destroyed "
        "a bridge.",
        [cite(1, HOMS)],
    )
    assert citation_recall(ans) == 1 / 3


def test_joined_citations_can_support_what_neither_does_alone():
    ans = answer("Rebels captured Aleppo and Russia destroyed a bridge. [1][2]",
                 [cite(1, CAPTURED), cite(2, BRIDGE)])
    assert citation_recall(ans) == 1.0
    # Each citation is needed: removing either breaks support, so both are relevant.
    assert citation_precision(ans) == 1.0


def test_a_redundant_citation_lowers_precision():
    ans = answer("Homs is a key crossroads city. [1][2]", [cite(1, HOMS), cite(2, BRIDGE)])
    assert citation_recall(ans) == 1.0
    assert citation_precision(ans) == 0.5


def test_two_citations_that_each_support_alone_are_both_relevant():
    ans = answer("Homs is a key crossroads city. [1][2]", [cite(1, HOMS), cite(2, HOMS)])
    assert citation_precision(ans) == 1.0


def test_citations_on_an_unsupported_sentence_are_irrelevant():
    ans = answer("Homs is a key crossroads city. [1] Hama is the capital. [2]",
                 [cite(1, HOMS), cite(2, BRIDGE)])
    assert citation_precision(ans) == 0.5


def test_answer_without_citations_has_zero_recall_and_no_precision():
    ans = answer("Homs is a key crossroads city.", [])
    assert citation_recall(ans) == 0.0
    assert citation_precision(ans) is None
    assert citation_exactness(ans, {"doc.txt": DOC}) is None
    assert marker_validity(ans) is None
    assert sentences_cited(ans) == 0.0


def test_refusal_and_empty_answer_have_no_citation_scores():
    for ans in (answer("The documents don't say.", [], refused=True), answer("", [])):
        assert citation_recall(ans) is None
        assert citation_precision(ans) is None
        assert sentences_cited(ans) is None


def test_exactness_compares_citation_text_with_the_document_span():
    good, shifted = cite(1, HOMS), {**cite(2, CAPTURED), "start": 1}
    unknown = cite(3, BRIDGE, source="missing.txt")
    ans = answer("x [1] [2] [3]", [good, shifted, unknown])
    assert citation_exactness(ans, {"doc.txt": DOC}) == 1 / 3


def test_marker_validity_counts_markers_naming_no_citation():
    ans = answer("Homs is a key crossroads city. [1] It matters. [4]", [cite(1, HOMS)])
    assert marker_validity(ans) == 0.5
    # A marker naming nothing cannot support its sentence.
    assert citation_recall(ans) == 0.5


def test_sentences_cited_is_the_share_with_any_marker():
    ans = answer("One. [1] Two. Three. [1] Four.", [cite(1, HOMS)])
    assert sentences_cited(ans) == 0.5
