"""The [n] citation marker: one definition for the chain, the UI, the API and the eval suite."""

from __future__ import annotations

import re

# The pattern's text, without groups, for building larger patterns (runs of markers, …).
MARKER_PATTERN = r"\[\d+\]"
# One marker as answers write it; group 1 is the number.
MARKER = re.compile(r"\[(\d+)\]")
# Markers as a model may draft them, with the space before: " [2]" or " [1, 3]"; group 1 the numbers.
DRAFT_MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_SPACED_MARKER = re.compile(rf"\s*{MARKER_PATTERN}")


def marker(n: int) -> str:
    """The marker that cites citation ``n``."""
    return f"[{n}]"


def markers(text: str) -> list[int]:
    """Every [n] marker in the text, in order, repeats included."""
    return [int(number) for number in MARKER.findall(text)]


def strip_markers(text: str) -> str:
    """The text without its [n] markers, whitespace collapsed."""
    return " ".join(_SPACED_MARKER.sub("", text).split())
