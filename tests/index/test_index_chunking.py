"""Chunks are exact slices of the original document, never cross noise or headings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.chunking import MAX_CHARS, chunk_document
from index.cleaning import noise_spans
from index.loaders import Document, load
from index.sentences import sentences

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _original(folder: Path, source: str) -> str:
    with open(folder / source, encoding="utf-8") as handle:
        return handle.read()


def assert_exact_chunks(document: Document, original: str) -> None:
    """Every chunk is original[start:end], trimmed, numbered in order, with the document hash."""
    chunks = chunk_document(document)
    assert chunks, "a document with text must give chunks"
    for i, chunk in enumerate(chunks):
        assert original[chunk.start:chunk.end] == chunk.text
        assert chunk.text == chunk.text.strip() != ""
        assert (chunk.index, chunk.count) == (i, len(chunks))
        assert chunk.source == document.source
        assert chunk.content_hash == document.content_hash
    assert [c.start for c in chunks] == sorted(c.start for c in chunks)


@pytest.mark.parametrize("path", sorted(CORPUS.rglob("*.txt")), ids=lambda p: p.name)
def test_every_corpus_chunk_is_the_exact_slice_of_the_file(path):
    document = load(path, CORPUS)
    assert_exact_chunks(document, _original(CORPUS, document.source))


def test_seed_article_chunks_have_their_section_and_a_one_sentence_overlap():
    document = load(CORPUS / "syria-rebels-advance-on-homs.txt", CORPUS)
    chunks = chunk_document(document)
    assert len(chunks) >= 3
    assert chunks[0].text.startswith("Why are Syrian rebels targeting Homs")
    last = chunks[-1]
    assert last.section == "Why capturing Homs is significant"
    assert last.text.startswith("Why capturing Homs is significant\n\nSince Homs")
    assert all(c.section == "" for c in chunks[:-1])
    # Consecutive windows inside one noise-free region share exactly one sentence.
    overlapping = [(a, b) for a, b in zip(chunks, chunks[1:]) if b.start < a.end]
    assert overlapping
    for a, b in overlapping:
        shared = document.text[b.start:a.end]
        assert len(sentences(shared)) == 1
        assert a.text.endswith(shared) and b.text.startswith(shared)


MARKDOWN = (
    "# Rebels advance on Homs\n\n"
    "Thousands fled the city overnight. The U.S. said it was watching.\n\n"
    "## Why Homs matters ##\n\n"
    "Homs links Damascus to the coast. Mr. Assad's allies have bases there.\n\n"
    "### What comes next\n\n"
    "Nobody knows. Talks may resume.\n"
)


def test_markdown_headings_start_sections_that_chunks_never_cross(write_corpus):
    folder = write_corpus({"story.md": MARKDOWN})
    document = load(folder / "story.md", folder)
    assert_exact_chunks(document, _original(folder, "story.md"))
    chunks = chunk_document(document)
    assert [(c.section, c.text.split("\n")[0]) for c in chunks] == [
        ("Rebels advance on Homs", "# Rebels advance on Homs"),
        ("Why Homs matters", "## Why Homs matters ##"),
        ("What comes next", "### What comes next"),
    ]
    for chunk in chunks:
        assert chunk.text.count("#") == chunk.text.split("\n")[0].count("#")


def test_every_chunk_carries_the_title_its_document_opens_with(write_corpus):
    interview = ("Wikinews interviews Christopher Hill, U.S. Republican Party presidential candidate\n\n"
                 "Interview\n\nWhat qualifications do you have?\n\nI took the Oath at 22 years old.\n")
    folder = write_corpus({"story.md": MARKDOWN, "hill.txt": interview,
                           "plain.txt": "Thousands fled the city overnight. Nobody knows why.\n"})

    def titles(name):
        return {c.title for c in chunk_document(load(folder / name, folder))}

    assert titles("story.md") == {"Rebels advance on Homs"}
    assert titles("hill.txt") == {"Wikinews interviews Christopher Hill, U.S. Republican Party presidential candidate"}
    assert titles("plain.txt") == {""}  # it opens with a statement, not a title


def test_small_max_chars_still_never_crosses_a_heading(write_corpus):
    folder = write_corpus({"story.md": MARKDOWN})
    document = load(folder / "story.md", folder)
    chunks = chunk_document(document, max_chars=40)
    assert len(chunks) > 3
    for chunk in chunks:
        heading_lines = [line for line in chunk.text.split("\n") if line.startswith("#")]
        assert heading_lines in ([], [chunk.text.split("\n")[0]])


def test_crlf_markdown_chunks_are_exact_slices_of_open_read(write_corpus):
    raw = MARKDOWN.replace("\n", "\r\n").encode("utf-8")
    folder = write_corpus({"windows.md": raw})
    document = load(folder / "windows.md", folder)
    original = _original(folder, "windows.md")
    assert document.text == original
    assert_exact_chunks(document, original)
    assert [c.section for c in chunk_document(document)][0] == "Rebels advance on Homs"


def test_unicode_text_offsets_count_code_points_like_python_strings(write_corpus):
    text = (
        "Ελλάδα και Συρία. 🚀 Rockets hit the café at 9 p.m. on Friday.\n\n"
        "Cafe\u0301 owners (with a combining accent) fled — quickly! 日本語の文もあります。\n\n"
        "The “supervising forces” arrived\u00a0overnight. 👨‍👩‍👧 Families waited.\n"
    )
    folder = write_corpus({"unicode.txt": text})
    document = load(folder / "unicode.txt", folder)
    assert_exact_chunks(document, _original(folder, "unicode.txt"))
    # Tiny windows still cut only between sentences, never inside a combined character.
    for chunk in chunk_document(document, max_chars=30):
        assert text[chunk.start:chunk.end] == chunk.text
        assert chunk.end == len(text) or text[chunk.end].isspace()
        assert chunk.start == 0 or text[chunk.start - 1].isspace()


def test_windows_respect_max_chars_unless_one_sentence_is_longer():
    long_sentence = "A " + "very " * 60 + "long sentence."
    text = " ".join(f"Sentence number {i} is here." for i in range(40)) + "\n\n" + long_sentence
    document = Document("a.txt", text, "0" * 64)
    chunks = chunk_document(document, max_chars=120)
    for chunk in chunks:
        assert len(chunk.text) <= 120 or chunk.text == long_sentence
    assert chunks[-1].text == long_sentence


def test_chunk_ids_are_unique_and_name_source_hash_and_index():
    document = Document("dir/a.txt", "One. Two.\n\nThree.", "ab" * 32)
    ids = [chunk.id for chunk in chunk_document(document, max_chars=5)]
    assert len(ids) == len(set(ids)) == 3
    assert ids[0] == f"dir/a.txt::{'ab' * 8}::0"


# --- property: any mix of sentences, headings, noise and newlines --------------------------

_SENTENCES = [
    "The U.S. envoy met Mr. Smith.",
    "Rebels took Homs!",
    "Was it over?",
    "Prices rose 3.5 percent in Jan. this year.",
    "“We will return,” he said.",
    "Café owners fled — quickly.",
    "naïve 🚀 emoji text here.",
    "x",
    "Ünïcödé sentence ends here.",
]
_NOISE = ["×", "Also read | Another story", "A caption | AP", "Advertisement", "—"]
_HEADINGS = ["# Heading one", "## Why it matters", "Short Unpunctuated Title"]
_paragraph = st.one_of(
    st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=12).map(" ".join),
    st.sampled_from(_NOISE),
    st.sampled_from(_HEADINGS),
)


@st.composite
def _documents(draw):
    separator = draw(st.sampled_from(["\n\n", "\n", "\n \n", "\n\n\n", "\r\n\r\n"]))
    text = separator.join(draw(st.lists(_paragraph, min_size=1, max_size=25)))
    if draw(st.booleans()):
        text += "\n\nTAGS\nSyria, Homs"
    return text.replace("\r\n", "\n")  # documents hold text as loaded


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_documents(), max_chars=st.sampled_from([60, 200, MAX_CHARS]))
def test_any_document_is_chunked_exactly_without_noise_and_without_losing_text(text, max_chars):
    document = Document("a.txt", text, "0" * 64)
    chunks = chunk_document(document, max_chars=max_chars)
    noise = noise_spans(text)
    covered = set()
    for i, chunk in enumerate(chunks):
        assert text[chunk.start:chunk.end] == chunk.text
        assert chunk.text == chunk.text.strip() != ""
        assert chunk.index == i and chunk.count == len(chunks)
        for start, end in noise:
            assert chunk.end <= start or chunk.start >= end, "chunk overlaps noise"
        covered.update(range(chunk.start, chunk.end))
    in_noise = {i for start, end in noise for i in range(start, end)}
    lost = [
        i for i, ch in enumerate(text) if not ch.isspace() and i not in in_noise | covered
    ]
    assert not lost, f"text lost from every chunk at {lost[:5]}"


def test_a_100_kb_line_gives_bounded_chunks_that_are_exact_slices():
    text = " ".join(f"word{i}" for i in range(15_000))[:100_000]
    document = Document("dump.txt", text, "0" * 64)
    chunks = chunk_document(document)
    assert len(chunks) > 100_000 // MAX_CHARS
    for chunk in chunks:
        assert len(chunk.text) <= MAX_CHARS
        assert text[chunk.start:chunk.end] == chunk.text


def test_a_hard_wrapped_pdf_sentence_is_never_cut_at_a_line_break(write_corpus, make_pdf):
    lines = [
        "The rebels captured the key cities of Aleppo in the north and",
        "Hama in the centre last week, clearing the way for",
        "84 villages to fall to them. Residents fled.",
    ]
    folder = write_corpus({"report.pdf": make_pdf([lines])})
    document = load(folder / "report.pdf", folder)
    wanted = "\n".join(lines).removesuffix(" Residents fled.")

    # Chunks are windows of whole sentences: even a small window keeps the wrapped sentence whole.
    chunks = chunk_document(document, max_chars=80)

    assert wanted in document.text
    assert any(wanted in chunk.text for chunk in chunks), [c.text for c in chunks]
