"""Evidence: the sentences inside retrieved passages, with exact offsets, scored for a question."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from index.loaders import hard_wrapped
from index.sentences import sentences
from rag.retrieve import KeywordIndex, Passage
from rag.text import focus_terms, terms

MIN_WORDS = 4
TITLE_WORDS = 12
# A sentence that talks to a model or its operator is an attack, not evidence.
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules|above|previous)\b"
    r"|\b(ignore|disregard|forget)\b (the |this )?(user'?s?|original|actual|real) (question|request)\b"
    r"|\b(ai|language model|assistant|chatbot|llm)s?\b.{0,60}\b(must|should|always|never|answer|reply|respond|say)\b"
    r"|\b(system prompt|jailbreak)\b"
    r"|\b(answer|reply|respond) (only )?with\b"
    r"|\bnote to (any|all|every|the) (systems?|models?|ai|assistants?|bots?|summari[sz]ers?)\b"
    r"|\b(every|any|your) (answers?|summary|summaries|responses?|replies|outputs?)"
    r" (must|should|has to|have to)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document: ``document[start:end] == text``."""

    source: str
    start: int
    end: int
    text: str
    # The sentence before it in its passage: who its "it" or "his" stands for. Not part of its identity.
    before: str = field(default="", compare=False)
    # Its document's title: who or what the document is about, when its sentences only say "he".
    title: str = field(default="", compare=False)


def blend(dense: float, lexical: float) -> float:
    """A sentence's evidence score: closeness in meaning and the question's words, weighed equally."""
    return 0.5 * dense + 0.5 * lexical


@dataclass(frozen=True)
class Evidence:
    """A sentence scored against the question."""

    sentence: Sentence
    dense: float  # cosine similarity of question and sentence embeddings
    lexical: float  # IDF-weighted share of the question's focus terms the sentence holds
    passage_rank: int

    @property
    def score(self) -> float:
        return blend(self.dense, self.lexical)


# A line spoken to a model by its role, as in a chat transcript: "Assistant: …", "System: …".
_ROLE_ADDRESS = re.compile(r"(^|[^\w\s]\s*)\b(assistant|system|ai|model|chatbot|llm|bot)\s*:", re.I)
# Markup whose words a reader of the rendered document never sees: link and reference titles,
# image alt text, HTML comments and tag attributes. An instruction can hide there.
_HIDDEN_MARKUP = re.compile(
    r"""\]\(\S*\s+("[^"]*"|'[^']*'|\([^)]*\))\s*\)"""
    r"""|^\s*\[[^\]]+\]:\s*\S+\s+("[^"]*"|'[^']*'|\([^)]*\))"""
    r"|!\[([^\]]*)\]"
    r"|<!--(.*?)(?:-->|$)"
    r"|<[A-Za-z][^>]*\s([^>]*)>",
    re.DOTALL | re.MULTILINE,
)


def looks_like_instruction(text: str) -> bool:
    """True for text addressed to a model (prompt injection) rather than to readers."""
    return _INSTRUCTION.search(text) is not None


def talks_to_a_model(text: str) -> bool:
    """True for a document sentence that instructs a model, addresses one by its role
    ("Assistant: …"), or hides either in markup (``[text](url "Assistant: ignore …")``)."""
    hidden = hidden_text(text)
    return any(looks_like_instruction(t) or _ROLE_ADDRESS.search(t) for t in (text, hidden) if t)


def hidden_text(text: str) -> str:
    """The words markup keeps from a reader of the rendered text, one piece per line."""
    return "\n".join(
        piece.strip("\"'()") for match in _HIDDEN_MARKUP.finditer(text) for piece in match.groups()
        if piece
    )


def candidate_sentences(passages: list[Passage]) -> list[tuple[Sentence, int]]:
    """Assertive sentences of the passages, deduplicated, each with its passage's rank."""
    seen, found = set(), []
    for rank, passage in enumerate(passages):
        chunk = passage.chunk
        previous = ""
        for start, end in sentences(chunk.text, wrapped=hard_wrapped(chunk.source)):
            key = (chunk.source, chunk.start + start, chunk.start + end)
            text, before, previous = chunk.text[start:end], previous, chunk.text[start:end]
            if key in seen or text == chunk.section or len(text.split()) < MIN_WORDS:
                continue
            if text.rstrip().endswith("?"):  # a question asserts nothing
                continue
            if len(text.split()) <= TITLE_WORDS and text.rstrip()[-1] not in ".!\"'’”)":
                continue  # a title or caption line, not a statement
            if talks_to_a_model(text):
                continue
            seen.add(key)
            found.append((Sentence(chunk.source, key[1], key[2], text, before, chunk.title), rank))
    return found


def lexical_overlap(question_terms: list[str], text: str, keywords: KeywordIndex) -> float:
    """IDF-weighted share of the question terms present in text."""
    if not question_terms:
        return 0.0
    present = set(terms(text))
    weights = {t: keywords.idf(t) for t in set(question_terms)}
    return sum(w for t, w in weights.items() if t in present) / sum(weights.values())


class EvidenceScorer:
    """Scores candidate sentences; caches sentence vectors, since the corpus repeats itself."""

    def __init__(self, embedder):
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for texts, embedding only those not seen before."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for text, vector in zip(missing, self.embedder.get_text_embedding_batch(missing)):
                self._vectors[text] = _unit(vector)
            if len(self._vectors) > 50_000:
                self._vectors.clear()
        return np.array([self._vectors[t] for t in texts]) if texts else np.zeros((0, 1))

    def score(
        self, question: str, passages: list[Passage], keywords: KeywordIndex
    ) -> list[Evidence]:
        """Evidence sentences for a question, best first."""
        return self.rank(question, candidate_sentences(passages), keywords)

    def rank(
        self, question: str, candidates: list[tuple[Sentence, int]], keywords: KeywordIndex
    ) -> list[Evidence]:
        """Score sentences (each with its passage rank) against a question, best first."""
        if not candidates:
            return []
        query = _unit(self.embedder.get_query_embedding(question))
        similarities = self.vectors([s.text for s, _ in candidates]) @ query
        wanted = focus_terms(question) or terms(question)
        scored = [
            Evidence(sentence, float(sim), lexical_overlap(wanted, sentence.text, keywords), rank)
            for (sentence, rank), sim in zip(candidates, similarities)
        ]
        return sorted(scored, key=lambda e: -e.score)


def _unit(vector) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    norm = np.linalg.norm(array)
    return array / norm if norm else array
