"""One question's state on its way through the chain: each stage reads what the ones before added."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rag.evidence import Evidence
from rag.gate import Verdict
from rag.llm import LLM
from rag.retrieve import KeywordIndex, Passage


class Clock:
    """Milliseconds per stage, and in all."""

    def __init__(self):
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, int] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round((now - self.last) * 1000)
        self.last = now

    def timings(self) -> dict[str, int]:
        return {**self.laps, "total": round((time.perf_counter() - self.started) * 1000)}


@dataclass
class Turn:
    """The per-question context the stages share, instead of passing its parts from one to the next."""

    question: str  # as asked, cleaned
    history: list[dict] = field(default_factory=list)
    top_k: int | None = None
    llm: LLM | None = None  # None: answer from quotes, without an LLM
    standalone: str = ""  # condense: the question as it reads without the conversation
    passages: list[Passage] = field(default_factory=list)  # retrieve
    keywords: KeywordIndex | None = None  # retrieve: BM25 and the term weights later stages use
    evidence: list[Evidence] = field(default_factory=list)  # weigh: scored sentences, best first
    verdict: Verdict | None = None  # weigh: the gate's decision
    clock: Clock = field(default_factory=Clock)

    @property
    def followup(self) -> bool:
        """True when condensing rewrote the question."""
        return self.standalone != self.question
