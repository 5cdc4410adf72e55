"""Answer text helpers: [n] markers and a normal form for case-insensitive matching."""

from __future__ import annotations

import re

MARKER = re.compile(r"\[(\d+)\]")
_MARKER_WITH_SPACE = re.compile(r"\s*\[\d+\]")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def markers(text: str) -> list[int]:
    """Every [n] marker in the text, in order, repeats included."""
    return [int(number) for number in MARKER.findall(text)]


def strip_markers(text: str) -> str:
    """The text without its [n] markers, whitespace collapsed."""
    return " ".join(_MARKER_WITH_SPACE.sub("", text).split())


def normalise(text: str) -> str:
    """Lowercase, straight quotes and plain hyphens, single spaces: for substring matching."""
    return " ".join(text.translate(_QUOTES).lower().split())
