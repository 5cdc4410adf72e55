"""Answer text helpers: [n] markers (defined in rag.markers) and a normal form for case-insensitive matching."""

from __future__ import annotations

from rag.markers import MARKER, markers, strip_markers

__all__ = ["MARKER", "markers", "normalise", "strip_markers"]
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Lowercase, straight quotes and plain hyphens, single spaces: for substring matching."""
    return " ".join(text.translate(_QUOTES).lower().split())
