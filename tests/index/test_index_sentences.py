"""Sentence and paragraph spans: exact, trimmed, and abbreviations do not end sentences."""

from __future__ import annotations

import pytest

from index.sentences import paragraphs, sentences, trim


def _texts(text: str, spans) -> list[str]:
    return [text[start:end] for start, end in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Army said Mr. Smith met Dr. Jones at 9 a.m. on Friday. He left.",
            ["The U.S. Army said Mr. Smith met Dr. Jones at 9 a.m. on Friday.", "He left."],
        ),
        (
            "Officials in the U.S. said so. Mr. Assad fled! Did he? Yes.",
            ["Officials in the U.S. said so.", "Mr. Assad fled!", "Did he?", "Yes."],
        ),
        (
            "The U.N. and the U.K. met with Gen. Haddad. Talks ended.",
            ["The U.N. and the U.K. met with Gen. Haddad.", "Talks ended."],
        ),
        (
            "J. R. R. Tolkien wrote books. Prices rose 3.5 percent. Markets fell.",
            ["J. R. R. Tolkien wrote books.", "Prices rose 3.5 percent.", "Markets fell."],
        ),
        (
            "He said: “Your time has come.” Residents fled. ‘Go,’ she said.",
            ["He said: “Your time has come.”", "Residents fled.", "‘Go,’ she said."],
        ),
        (
            "The rebels took the city... and then they moved on. Next day.",
            ["The rebels took the city... and then they moved on.", "Next day."],
        ),
        (
            "A headline without a stop\nThe body starts here. And goes on.",
            ["A headline without a stop", "The body starts here.", "And goes on."],
        ),
    ],
    ids=[
        "us-mr-dr-am",
        "us-at-end-of-clause",
        "un-uk-gen",
        "initials-and-decimals",
        "closing-quotes-stay-with-their-sentence",
        "lowercase-continuation-does-not-split",
        "line-break-always-ends-a-sentence",
    ],
)
def test_sentence_boundaries(text, expected):
    assert _texts(text, sentences(text)) == expected


def test_sentence_spans_are_trimmed_and_respect_the_given_range():
    text = "Skip this. \u00a0 Keep one.  Keep two.\u00a0\n\nSkip that too."
    start, end = text.index("Keep one") - 2, text.index("Skip that")
    spans = sentences(text, start, end)
    assert _texts(text, spans) == ["Keep one.", "Keep two."]
    for span_start, span_end in spans:
        assert start <= span_start < span_end <= end
        assert not text[span_start].isspace() and not text[span_end - 1].isspace()


def test_paragraphs_split_on_blank_lines_even_with_whitespace_on_them():
    text = "  First para line one.\nline two.\n \t\nSecond para.\n\n\n\nThird.  \n"
    assert _texts(text, paragraphs(text)) == [
        "First para line one.\nline two.",
        "Second para.",
        "Third.",
    ]


def test_trim_returns_none_for_whitespace_only():
    assert trim("  \n\t\u00a0 ", 0, 6) is None
    assert trim("  ab  ", 0, 6) == (2, 4)
