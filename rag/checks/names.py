"""The question names people, places or numbers that the answering document never mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.checks.base import Check, Failure
from rag.extractive import parts
from rag.text import stem


def spelled(question: str, stems: list[str]) -> str:
    """The question's own spelling of some name stems, joined for a sentence: "Iran and Mosul"."""
    tokens = re.findall(r"[^\W_][\w'’\-.,]*[^\W_]|[^\W_]", question)
    found = {stem(t): t for t in tokens} | {t: t for t in tokens}
    shown = [found.get(s, s) for s in stems]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


@dataclass(frozen=True)
class Names(Check):
    """Names are matched in one document's best sentences, so two reports cannot make one answer.

    A question in several parts ("which bridge fell, and which town was evacuated?") may take each
    part from its own document, but each part's names must still sit together in one.
    """

    name = "missing_name"
    explanation = "the documents never mention {names} in connection with this"

    def check(self, question, evidence, context) -> Failure | None:
        pieces = parts(question)
        if len(pieces) > 1:
            missing = sorted({n for piece in pieces for n in context.missing_in_every_document(piece)})
        else:
            missing = context.missing_names(context.best)
        return self.fail(names=spelled(question, missing)) if missing else None
