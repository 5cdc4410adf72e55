"""Sentence and paragraph spans: exact, trimmed, and abbreviations do not end sentences."""

from __future__ import annotations

import pytest

from index.sentences import MAX_SENTENCE_CHARS, paragraphs, sentences, trim


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


# --- hard-wrapped text (PDF text layers) ---------------------------------------------------

WRAPPED = (
    "The rebels captured the key cities of Aleppo in the north and\n"
    "Hama in the centre last week, clearing the way for\n"
    "84 villages to fall to them. Residents fled.\n"
    "Why capturing Homs is significant\n"
    "Since Homs is a key crossroad city, seizing the region would cut\n"
    "off Damascus from the coast."
)


def test_wrapped_lines_are_joined_into_sentences_with_exact_offsets():
    assert _texts(WRAPPED, sentences(WRAPPED, wrapped=True)) == [
        "The rebels captured the key cities of Aleppo in the north and\n"
        "Hama in the centre last week, clearing the way for\n"
        "84 villages to fall to them.",
        "Residents fled.",
        "Why capturing Homs is significant",
        "Since Homs is a key crossroad city, seizing the region would cut\noff Damascus from the coast.",
    ]


def test_unwrapped_text_still_ends_a_sentence_at_every_line_break():
    assert _texts(WRAPPED, sentences(WRAPPED))[:2] == [
        "The rebels captured the key cities of Aleppo in the north and",
        "Hama in the centre last week, clearing the way for",
    ]


def test_a_wrapped_line_never_joins_across_a_blank_line_or_a_sentence_end():
    text = "A full line that goes on and on without a stop at all here\n\nNext para.\nAnd more."
    assert _texts(text, sentences(text, wrapped=True)) == [
        "A full line that goes on and on without a stop at all here", "Next para.", "And more.",
    ]


# --- long runs without sentence ends ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        " ".join(f"word{i}" for i in range(15_000))[:100_000],  # a 100 KB line of words
        "x" * 100_000,  # a 100 KB run with no space at all
        "Short start. " + "and on " * 15_000 + "until the end.",
    ],
    ids=["words", "no-spaces", "after-a-sentence"],
)
def test_long_runs_without_sentence_ends_are_cut_into_bounded_exact_spans(text):
    spans = sentences(text)
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    assert all(text[start:end] == text[start:end].strip() != "" for start, end in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    # Nothing is lost: the spans hold every non-space character, in order.
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")
    if " " in text[:MAX_SENTENCE_CHARS]:
        assert all(end == len(text) or text[end] == " " for _, end in spans), "cut inside a word"


def test_footnote_marks_after_a_sentence_end_it_and_stay_with_it():
    text = "He was buried in a grave whose location is unknown. [17] [15] In his town a cenotaph was erected. [24]"
    assert [text[a:b] for a, b in sentences(text)] == [
        "He was buried in a grave whose location is unknown. [17] [15]",
        "In his town a cenotaph was erected. [24]",
    ]
