"""The parts an Assistant is made of, chosen by settings and built on first use.

Kept out of ``Assistant`` itself so that ``help(Assistant)`` shows the API (ask, chat, stream,
retrieve, …) rather than the machinery behind it.
"""

from __future__ import annotations

from functools import cached_property

from rag.citations import Verifier
from rag.evidence import EvidenceScorer
from rag.gate import Gate
from rag.keywords import keyword_cache
from rag.llm import LLM
from rag.retrieve import HybridRetriever
from rag.settings import Settings

NAMES = ("embedder", "store", "llm", "retriever", "scorer", "gate", "verifier")


class Components:
    """The embedder, the store, the LLM (or None) and the chain's stages built on them."""

    def __init__(self, settings: Settings, *, embedder=None, store=None, llm=None):
        self.settings = settings
        self._embedder = embedder
        self._store = store
        self._llm = llm

    @cached_property
    def embedder(self):
        if self._embedder is None:
            from index.embeddings import load_embedder

            self._embedder = load_embedder()
        return self._embedder

    @cached_property
    def store(self):
        if self._store is None:
            from index.store import ChunkStore

            self._store = ChunkStore.open(self.settings.index_dir, self.settings.chroma_url)
        return self._store

    @cached_property
    def llm(self) -> LLM | None:
        if self.settings.llm == "none":
            return None
        return self._llm or LLM(self.settings)

    @cached_property
    def retriever(self) -> HybridRetriever:
        cache = keyword_cache(self.settings, self.store)
        return HybridRetriever(self.store, self.embedder, self.settings.top_k, keyword_cache=cache)

    @cached_property
    def scorer(self) -> EvidenceScorer:
        return EvidenceScorer(self.embedder)

    @cached_property
    def gate(self) -> Gate:
        return Gate(self.scorer, entailment=self.verifier.entailment)

    @cached_property
    def verifier(self) -> Verifier:
        return Verifier(self.scorer)

    def index_missing(self) -> bool:
        """True when no index was ever built here (opening the store would create an empty one)."""
        if self._store is not None or self.settings.chroma_url:
            return False
        return "store" not in self.__dict__ and not self.settings.index_dir.is_dir()

    def close(self) -> None:
        """Stop the local LLM server, if one was started."""
        llm = self.__dict__.get("llm")
        if llm is not None and llm.local is not None:
            llm.local.stop()
