"""Split an answer into sentences, each with the [n] markers that cite it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from evals.metrics.text import markers, strip_markers

# A sentence runs to terminal punctuation (plus closing quotes and any trailing [n] markers,
# which answers put after the full stop) or to the end of its line.
_SENTENCE = re.compile(r"\S.*?(?:[.!?]+[\"'”’)]*(?:\s*\[\d+\])*(?=\s|$)|$)")


@dataclass(frozen=True)
class Sentence:
    """One answer sentence: its claim (markers stripped) and the citation numbers it names."""

    claim: str
    cited: tuple[int, ...]


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of an answer, in order; blank text gives none."""
    found = []
    for line in text.splitlines():
        for match in _SENTENCE.finditer(line.strip()):
            claim = strip_markers(match.group())
            if claim:
                found.append(Sentence(claim, tuple(dict.fromkeys(markers(match.group())))))
    return found
