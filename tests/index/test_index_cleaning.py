"""Noise removal: page furniture is excluded as spans, and everything else keeps its offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.chunking import chunk_document
from index.cleaning import kept_regions, noise_spans
from index.loaders import load

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED = CORPUS / "syria-rebels-advance-on-homs.txt"

# The noise lines of the seed article, exactly as they appear in the file.
SEED_NOISE = [
    "×",
    "Syrian opposition fighters stand atop a seized military armored vehicle on the outskirts "
    "of Hama, Syria | AP",
    "Also read |\xa0Aleppo offensive: How Lebanon and Ukraine wars helped Syrian rebels to evade "
    "radars of Tehran and Moscow",
    "Also read |\xa0Syrian rebels advance to Hama after Aleppo offensive as Assad troops "
    "withdraw 'temporarily'",
    "TAGS",
]


@pytest.fixture(scope="module")
def seed():
    return load(SEED, CORPUS)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def test_seed_noise_spans_are_exactly_the_noise_lines(seed):
    found = [seed.text[start:end].strip() for start, end in noise_spans(seed.text)]
    assert found == SEED_NOISE


def test_seed_footer_span_runs_to_the_end_of_the_document(seed):
    start, end = noise_spans(seed.text)[-1]
    assert seed.text[start:].strip() == "TAGS"
    assert end == len(seed.text)


def test_kept_regions_hold_every_other_line_at_its_original_offset(seed):
    regions = kept_regions(seed.text, noise_spans(seed.text))
    kept = [line for start, end in regions for line in _lines(seed.text[start:end])]
    expected = [line for line in _lines(seed.text) if line not in SEED_NOISE]
    assert kept == expected
    assert len(expected) == 15
    # Kept regions and noise spans tile the document: nothing is rewritten or shifted.
    pieces = sorted(regions + noise_spans(seed.text))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(seed.text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))


def test_no_seed_chunk_contains_noise(seed):
    chunks = chunk_document(seed)
    spans = noise_spans(seed.text)
    for chunk in chunks:
        for noise in SEED_NOISE:
            assert noise not in chunk.text
        assert "Also read" not in chunk.text and "| AP" not in chunk.text
        for start, end in spans:
            assert chunk.end <= start or chunk.start >= end


def test_every_article_line_of_the_seed_is_in_some_chunk(seed):
    chunks = chunk_document(seed)
    covered = set()
    for chunk in chunks:
        covered.update(range(chunk.start, chunk.end))
    cursor = 0
    for line in _lines(seed.text):
        start = seed.text.index(line, cursor)
        cursor = start + len(line)
        inside = all(i in covered for i in range(start, start + len(line)))
        assert inside == (line not in SEED_NOISE), line


@pytest.mark.parametrize(
    "line",
    [
        "✕",
        "|",
        "—",
        "Also read: Hama falls to the rebels",
        "READ MORE | What next for Damascus",
        "See also: the 2011 uprising",
        "Advertisement",
        "Share this article",
        "A bakery in Aleppo reopens | Reuters",
        "Smoke rises over Homs | Getty Images",
        "Residents queue for bread | AFP / John Smith",
        "Photo: a checkpoint outside Homs",
        "Image credit: Reuters",
        "(Photo courtesy of the Syrian Observatory)",
    ],
)
def test_common_page_furniture_is_noise(line):
    text = f"First paragraph of the story.\n\n{line}\n\nSecond paragraph of the story."
    start = text.index(line)
    assert noise_spans(text) == [(start, start + len(line))]


@pytest.mark.parametrize(
    "line",
    [
        "The AP reported that thousands fled.",
        "Officials said the rebels would also read the statement on television.",
        "Homs | a city at the crossroads, said the rebels' statement to residents of the city.",
        "X marks the spot where the bridge stood.",
        "Tags on the crates showed they came from Lebanon.",
        "Photographs from Homs showed empty streets.",
    ],
)
def test_article_sentences_that_resemble_noise_are_kept(line):
    text = f"First paragraph.\n\n{line}\n\nLast paragraph."
    assert noise_spans(text) == []


def test_tags_footer_drops_everything_after_it():
    text = "Story sentence one.\n\nTags: Syria, Homs\nMore tag links\nEven more"
    start = text.index("Tags:")
    assert noise_spans(text) == [(start, len(text))]
    assert kept_regions(text, noise_spans(text)) == [(0, start)]


def test_kept_regions_is_the_complement_of_overlapping_spans():
    text = "0123456789"
    assert kept_regions(text, [(6, 8), (2, 4), (3, 5)]) == [(0, 2), (5, 6), (8, 10)]
    assert kept_regions(text, []) == [(0, 10)]
    assert kept_regions(text, [(0, 10)]) == []
