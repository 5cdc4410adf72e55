"""What every check of one question shares: the evidence windows, its figures, and word matching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from rag.demonyms import same_root
from rag.entailment import Entailment
from rag.evidence import Evidence, EvidenceScorer
from rag.lexicon import wordnet
from rag.parse import parse
from rag.retrieve import KeywordIndex
from rag.text import QUESTION_WORDS, STOPWORDS, content_words, focus_terms, numbers, stem, terms, words

WORD_MATCH = 0.62  # cosine at which two different words count as the same idea
WINDOW = 3  # evidence sentences the question's terms may be spread over
NAME_WINDOW = 3  # the names a question asks about must sit in these best sentences of one document
NAME_MATCH = 0.75  # stricter for names: "Russian" may stand for "Russia", "Iran" not for "Iraq"


def full_names(question: str) -> list[tuple[set[str], str]]:
    """Each full name of a person or thing in the question, as the stems of its first words and of the
    name it ends in: ({"brock"}, "holt") for "Brock Holt". Read from the parse: proper nouns in a
    compound, ending in one that is no common word ("North Korean" and "Space Shuttle Discovery" are
    not a person's names)."""
    doc = parse(question)
    if doc is None:
        return []
    found = []
    for token in doc:
        first = {stem(c.text) for c in token.children if c.dep_ == "compound" and c.tag_ == "NNP" and c.i < token.i}
        if token.tag_ == "NNP" and first and not wordnet().common(token.text):
            found.append((first, stem(token.text)))
    return found


def question_names(question: str) -> set[str]:
    """Capitalised words and numbers in a question: the specific things it is about."""
    tokens = re.findall(r"[^\W\d_][\w'’\-]*", question)
    names = {
        stem(t) for t in tokens[1:]
        if t[0].isupper() and t.lower() not in STOPWORDS and t.lower() not in QUESTION_WORDS
    }
    return names | numbers(question)


@dataclass
class GateContext:
    """One question's evidence, seen the ways the checks need it; computed once, shared by all."""

    question: str
    evidence: list[Evidence]
    keywords: KeywordIndex
    scorer: EvidenceScorer
    entailment: Entailment | None = None  # the verifier's rules, for checks that judge a statement
    word_match: float = WORD_MATCH
    window_size: int = WINDOW
    name_window: int = NAME_WINDOW
    name_match: float = NAME_MATCH

    @cached_property
    def window(self) -> str:
        """The top evidence sentences, joined: where the question's terms may be spread."""
        return " ".join(e.sentence.text for e in self.evidence[: self.window_size])

    @cached_property
    def relevance(self) -> float:
        """The best sentence's cosine with the question."""
        return max((e.dense for e in self.evidence), default=0.0)

    @cached_property
    def coverage(self) -> float:
        """IDF-weighted share of the question's focus words that the evidence window holds."""
        wanted = [w for w in words(self.question) if stem(w) in set(focus_terms(self.question))]
        wanted = list(dict.fromkeys(wanted)) or list(dict.fromkeys(words(self.question)))
        if not wanted:
            return 0.0
        weights = [self.keywords.idf(stem(w)) for w in wanted]
        found = self.matched(wanted, self.window)
        return sum(w for w, ok in zip(weights, found) if ok) / sum(weights)

    @cached_property
    def sources(self) -> list[str]:
        """Every document with any evidence, best document first."""
        return list(dict.fromkeys(e.sentence.source for e in self.evidence))

    @cached_property
    def documents(self) -> list[list[str]]:
        """For each document among the best evidence, its own best sentences, best document first.

        Names, speakers and the answer itself must come from one document: a name from one report
        and a fact from another do not make an answer.
        """
        among_best = dict.fromkeys(e.sentence.source for e in self.evidence[: self.name_window])
        return self.every_document[: len(among_best)]

    @cached_property
    def every_document(self) -> list[list[str]]:
        """For each document with any evidence, its own best sentences, best document first."""
        return self.document_sentences(self.name_window)

    @cached_property
    def naming_all(self) -> tuple[str, ...]:
        """The documents whose best evidence (or title) names all the question names, best first."""
        return tuple(source for source, group in zip(self.sources, self.every_document)
                     if not self.missing_names(" ".join(group)))

    @property
    def naming_sources(self) -> tuple[str, ...]:
        """The documents naming all the question names; none when it names nothing, since then
        every document does."""
        return self.naming_all if question_names(self.question) else ()

    def missing_in_every_document(self, part: str) -> list[str]:
        """The names of one part of the question that no single document's best evidence holds."""
        missing = [self.missing_names(" ".join(group), part) for group in self.every_document]
        return min(missing, key=len, default=[])

    @cached_property
    def answering(self) -> list[str]:
        """The best sentences of the first document that names all the question names; else the best."""
        for source, group in zip(self.sources, self.documents):
            if source in self.naming_all:
                return group
        return self.documents[0] if self.documents else []

    @property
    def best(self) -> str:
        """The answering document's best sentences, joined."""
        return " ".join(self.answering)

    def document_sentences(self, count: int) -> list[list[str]]:
        """For each document with any evidence, its best ``count`` sentences, best document first."""
        return [[e.sentence.text for e in self.evidence if e.sentence.source == source][:count]
                for source in self.sources]

    def answering_sentences(self, count: int) -> list[str]:
        """The answering document's best ``count`` sentences, best first."""
        source = self.answering_source
        return [e.sentence.text for e in self.evidence if e.sentence.source == source][:count]

    @cached_property
    def answering_source(self) -> str | None:
        """The document the answering sentences come from."""
        return next((e.sentence.source for e in self.evidence if e.sentence.text in self.answering), None)

    @cached_property
    def answering_window(self) -> list[str]:
        """The top evidence sentences from the answering document."""
        source = self.answering_source
        top = self.evidence[: self.window_size]
        return [e.sentence.text for e in top if source is None or e.sentence.source == source]

    def matched(self, wanted: list[str], text: str, threshold: float | None = None) -> list[bool]:
        """For each wanted word, whether text holds it by stem or by a word close in meaning."""
        threshold = self.word_match if threshold is None else threshold
        present = {stem(w): w for w in content_words(text)}
        result = [stem(w) in present for w in wanted]
        unmatched = [w for w, ok in zip(wanted, result) if not ok]
        if unmatched and present:
            similar = self.scorer.vectors(unmatched) @ self.scorer.vectors(list(present.values())).T
            best = dict(zip(unmatched, np.max(similar, axis=1)))
            result = [ok or best[w] >= threshold for w, ok in zip(wanted, result)]
        return result

    def matched_at(self, word: str, tokens: list[str]) -> int | None:
        """Position of the first token that is word, its demonym, or close to it in meaning."""
        for i, token in enumerate(tokens):
            if stem(token) == stem(word) or same_root(stem(word), stem(token)):
                return i
        if not tokens:
            return None
        similar = self.scorer.vectors(tokens) @ self.scorer.vectors([word])[0]
        close = [i for i, value in enumerate(similar) if value >= self.word_match]
        return close[0] if close else None

    def missing_names(self, text: str, question: str | None = None) -> list[str]:
        """The names (and numbers) of the question that text never mentions, even as a demonym.

        Text made of evidence sentences is read with their documents' titles: an interview never
        names the person it interviews, a biography soon says only "he" or "Padalecki"."""
        text = " ".join([*self.titles_of(text), text])
        names = question_names(self.question if question is None else question)
        held = set(terms(text)) | numbers(text)
        missing = [n for n in sorted(names) if n not in held and not any(same_root(n, h) for h in held)]
        if missing and all(self.matched(missing, text, self.name_match)):
            return []
        return [n for n in missing if not self.named_in_full(n, held, question)]

    def titles_of(self, text: str) -> list[str]:
        """The titles of the documents whose evidence sentences text holds."""
        return list(dict.fromkeys(e.sentence.title for e in self.evidence
                                  if e.sentence.title and e.sentence.text in text))

    def named_in_full(self, name: str, held: set[str], question: str | None = None) -> bool:
        """Whether a missing name is one word of a full name whose other word the text holds, and an
        evidence sentence gives the two together: after "Brock Wyatt Holt (born 1988) is …", a
        report says "Holt", and "Brock Holt" is still its subject."""
        for first, last in full_names(self.question if question is None else question):
            if name in first and last in held and any(
                    {name, last} <= set(terms(e.sentence.text)) for e in self.evidence):
                return True
        return False
