"""The project's own answer types. ``Answer.to_dict()`` is the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    """A passage that supports the answer: ``text == document[start:end]``."""

    n: int
    source: str
    text: str
    start: int
    end: int
    score: float

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "source": self.source,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer as shown (its [n] markers included) and the citations it carries."""

    text: str
    citations: tuple[int, ...]

    def to_dict(self) -> dict:
        return {"text": self.text, "citations": list(self.citations)}


@dataclass
class Answer:
    """An answer with [n] markers, each naming one of its citations."""

    question: str
    text: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, int] = field(default_factory=dict)
    degraded: bool = False
    mode: str = "extractive"  # "generated" when LLM sentences survived verification
    degraded_reason: str | None = None  # why the LLM failed, in a few words, when degraded
    standalone_question: str | None = None
    refusal_reason: str | None = None  # when refused: why, in a reader's words
    refusal_checks: list[str] = field(default_factory=list)  # when refused: the checks that failed
    sentences: list[AnswerSentence] = field(default_factory=list)  # the text, sentence by sentence

    def to_dict(self) -> dict:
        data = {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "citations": [citation.to_dict() for citation in self.citations],
            "timings_ms": dict(self.timings_ms),
            "degraded": self.degraded,
            "degraded_reason": self.degraded_reason,
            "mode": self.mode,
            "sentences": [sentence.to_dict() for sentence in self.sentences],
        }
        if self.refused:
            data["refusal_reason"] = self.refusal_reason
            data["refusal_checks"] = list(self.refusal_checks)
        if self.standalone_question and self.standalone_question != self.question:
            data["standalone_question"] = self.standalone_question
        return data
