"""Splitting answers into cited sentences and normalising their text."""

from evals.metrics.sentences import Sentence, split_sentences
from evals.metrics.text import markers, normalise, strip_markers


def test_markers_after_the_full_stop_belong_to_that_sentence():
    text = "Homs is a crossroads city. [1] Rebels took Aleppo [2]. Both matter. [1][3]"
    assert split_sentences(text) == [
        Sentence("Homs is a crossroads city.", (1,)),
        Sentence("Rebels took Aleppo.", (2,)),
        Sentence("Both matter.", (1, 3)),
    ]


def test_repeated_markers_in_one_sentence_count_once():
    assert split_sentences("Homs matters. [2][2]") == [Sentence("Homs matters.", (2,))]


def test_a_line_without_final_punctuation_is_still_a_sentence():
    assert split_sentences("First line [1]\nSecond line") == [
        Sentence("First line", (1,)),
        Sentence("Second line", ()),
    ]


def test_blank_text_has_no_sentences():
    assert split_sentences("  \n ") == []


def test_strip_markers_and_normalise():
    assert strip_markers("Homs [1] is key. [2]") == "Homs is key."
    assert markers("a [1] b [12] [1]") == [1, 12, 1]
    assert normalise("Assad’s  “Coastal”  Strongholds") == "assad's \"coastal\" strongholds"
