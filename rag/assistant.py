"""The Python API: ``Assistant.ask`` reads question → retrieve → evidence → gate → draft → verify."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import cached_property

from rag import condense as condensing
from rag.answer import Answer
from rag.citations import render
from rag.components import NAMES as COMPONENTS
from rag.components import Components
from rag.errors import IndexNotReady, LLMUnavailable
from rag.extractive import complete, extract, parts
from rag.gate import Verdict
from rag.generate import NOT_FOUND, draft
from rag.llm import LLM
from rag.model_judge import ModelJudge
from rag.questions import check_top_k, clean_question
from rag.settings import Settings
from rag.sources import load_source
from rag.turn import Turn

REFUSAL = "The documents don't say. I found nothing in them that answers this question."
REFUSAL_INSTRUCTION = (
    "The documents don't say. I answer questions about the documents, and I don't follow other instructions."
)
# Passages a capable model reads when RAG_TOP_K is not set. Behind a scripted model that is always
# right, news dev fact recall was 0.932 with 6, 0.959 with 10 and 0.971 with 15 (20 gained nothing
# more), refusing as many each time.
CAPABLE_TOP_K = 15


class AnswerStream:
    """Iterate for the draft text as it is produced; ``answer`` holds the verified Answer after."""

    def __init__(self, pieces: Iterator[str]):
        self._pieces = pieces
        self.answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        # The Answer is also the iterator's return value, for `answer = yield from stream`.
        self.answer = yield from self._pieces
        return self.answer


class Assistant:
    """Answers questions about the indexed documents, citing the exact passages it relies on."""

    def __init__(self, settings: Settings | None = None, *, embedder=None, store=None, llm=None):
        self.settings = settings or Settings()
        # Built on first use, so constructing an Assistant is cheap.
        self._parts = Components(self.settings, embedder=embedder, store=store, llm=llm)
        self._llm_starting: threading.Thread | None = None

    def __getattr__(self, name: str):
        # The components (embedder, store, llm, retriever, scorer, gate, verifier) live in
        # rag/components.py, out of help(Assistant); the chain and scripts reach them as attributes.
        parts = self.__dict__.get("_parts")
        if parts is not None and name in COMPONENTS:
            return getattr(parts, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __enter__(self) -> Assistant:
        """``with Assistant() as assistant:`` closes it (and any local LLM server) on the way out."""
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def ask(self, question: str, *, top_k: int | None = None, use_llm: bool | None = None) -> Answer:
        """Answer one question.

        Each citation's ``score`` runs from 0 to 1: the mean of the cosine similarity between the
        question and the cited sentence and the IDF-weighted share of the question's terms the
        sentence holds. It is not on the scale of ``retrieve()`` scores.
        """
        return self.chat([], question, top_k=top_k, use_llm=use_llm)

    def chat(self, history: list[dict], question: str, *, top_k: int | None = None,
             use_llm: bool | None = None) -> Answer:
        """Answer a question in a conversation; follow-ups are made standalone first."""
        stream = self.stream(question, history=history, top_k=top_k, use_llm=use_llm)
        for _ in stream:
            pass
        return stream.answer

    def stream(self, question: str, *, history: list[dict] | None = None, top_k: int | None = None,
               use_llm: bool | None = None) -> AnswerStream:
        """Stream the draft answer; the verified Answer is ``stream.answer`` once iteration ends."""
        question = clean_question(question, self.settings.max_question_chars)
        top_k = check_top_k(top_k)
        return AnswerStream(self._run(question, history or [], top_k, use_llm))

    def _run(self, question: str, history: list[dict], top_k: int | None,
             use_llm: bool | None) -> Iterator[str]:
        llm = self.llm if use_llm is not False else None
        turn = Turn(question, history, top_k or self._top_k_for(llm), llm=llm)
        self._start_llm(turn.llm)
        turn.standalone = condensing.condense(turn.history, turn.question, turn.llm)
        self._retrieve(turn)
        self._weigh(turn)
        turn.clock.lap("retrieve")
        # A capable model may answer what the rules doubt: before it drafts, refuse only what no
        # model could fix (an instruction, nothing retrieved, nothing on topic).
        blocking = turn.verdict.unfixable() if capable(turn.llm) else turn.verdict
        if blocking.answerable:
            answer = yield from self._answer(turn)
        else:
            answer = refusal(turn.question, turn.standalone, blocking)
        turn.clock.lap("generate")
        answer.timings_ms = turn.clock.timings()
        if answer.mode != "generated":
            yield answer.text  # nothing was drafted, or the draft was discarded
        return answer

    def _top_k_for(self, llm: LLM | None) -> int | None:
        """A capable model reads more passages than the quotes or the small local model use well:
        CAPABLE_TOP_K unless RAG_TOP_K says otherwise; None for the setting."""
        if capable(llm) and "top_k" not in self.settings.model_fields_set:
            return max(CAPABLE_TOP_K, self.settings.top_k)
        return None

    def _retrieve(self, turn: Turn) -> None:
        """The passages for the standalone question, and the keyword index later stages weigh terms by."""
        turn.passages = self.retrieve_passages(turn.standalone, turn.top_k)
        turn.keywords = self.retriever.keyword_index()

    def _weigh(self, turn: Turn) -> None:
        """The passages' sentences scored as evidence, and the gate's verdict on them."""
        turn.evidence = self.scorer.score(turn.standalone, turn.passages, turn.keywords)
        turn.verdict = self.gate.judge(turn.standalone, turn.evidence, turn.keywords)

    def _answer(self, turn: Turn) -> Iterator[str]:
        claims, degraded_reason, mode = [], None, "extractive"
        if turn.llm is not None:
            try:
                text = ""
                for piece in draft(turn.llm, turn.standalone, turn.evidence, self.settings.llm_max_tokens,
                                   self.settings.llm_timeout):
                    text += piece
                    yield piece
                claims = self._confirmed(self.verifier.verify(text, turn.evidence), turn)
                mode = "generated" if claims else mode
            except LLMUnavailable as error:
                degraded_reason = error.reason
        quoted = extract(turn.question, turn.evidence, self.scorer, turn.keywords, followup=turn.followup,
                         sources=turn.verdict.sources)
        if turn.llm is not None and not claims:
            # Nothing verified survived: the gate's doubts decide. A capable model's "not in
            # sources" is one more signal, not the verdict, so quotes answer when the gate is sure
            # and the model, shown those very quotes, does not say they fail to answer as well.
            verdict = turn.verdict
            if capable(turn.llm) and degraded_reason is None and NOT_FOUND in text.upper():
                verdict = verdict.doubted_by_model()
                if verdict.answerable and self.settings.llm_judge:
                    judge = ModelJudge(turn.llm, budget_s=self.settings.llm_timeout)
                    verdict = verdict.doubted_by_model(judge.answers(turn.standalone, [c.text for c in quoted]))
            if not verdict.answerable:
                return refusal(turn.question, turn.standalone, verdict)
        # The small local model drafts tersely, so its draft is completed with the best quotes;
        # a capable model's draft gets only quotes on what the question asks and it left out.
        claims = complete(claims, quoted, turn.standalone if capable(turn.llm) and claims else None)
        text, citations, sentences = render(claims, turn.evidence)
        return Answer(turn.question, text, refused=False, citations=citations, sentences=sentences, mode=mode,
                      degraded=degraded_reason is not None, degraded_reason=degraded_reason,
                      standalone_question=turn.standalone)

    def _confirmed(self, claims: list, turn: Turn) -> list:
        """The verified claims a capable model does not reject against their cited passages."""
        if not claims or not capable(turn.llm) or not self.settings.llm_judge:
            return claims
        judge = ModelJudge(turn.llm, budget_s=self.settings.llm_timeout)
        return judge.confirm(claims, lambda claim: [turn.evidence[i].sentence.text for i in claim.supports])

    def _start_llm(self, llm: LLM | None) -> None:
        # A local server takes seconds to start: let it start while the index and models load,
        # then load the parser that checks drafts.
        if llm is not None and self._llm_starting is None:
            self._llm_starting = threading.Thread(
                target=_warm, args=(llm, lambda: self.verifier.entailment.warm_up()),
                daemon=True, name="llm-start",
            )
            self._llm_starting.start()

    def retrieve_passages(self, question: str, top_k: int | None = None):
        """Retrieved passages (chunks with scores), best first."""
        if self._parts.index_missing():
            raise IndexNotReady(f"no index at {self.settings.index_dir}; run 'rag index' first")
        if self.store.count() == 0:
            raise IndexNotReady(
                f"the index at {self.settings.chroma_url or self.settings.index_dir} is empty; "
                "run 'rag index' first"
            )
        return self.retriever.retrieve(question, top_k, parts(question))

    def judge(self, question: str, passages: list) -> Verdict:
        """The gate's decision on passages for a question: whether they answer it, and why not."""
        turn = Turn(question, standalone=question, passages=passages, keywords=self.retriever.keyword_index())
        self._weigh(turn)
        return turn.verdict

    def retrieve(self, question: str, top_k: int | None = None) -> list[dict]:
        """Retrieved passages as plain dicts (source, start, end, text, score), best first.

        ``score`` is the reciprocal rank fusion of the passage's dense and keyword ranks,
        1/(60 + rank) summed over both: at most 2/61 ≈ 0.033, useful for ordering only, and on
        another scale than citation scores (see ``ask``).
        """
        question = clean_question(question, self.settings.max_question_chars)
        return [p.to_dict() for p in self.retrieve_passages(question, check_top_k(top_k))]

    def info(self) -> dict:
        """What is loaded: the corpus, its document and chunk counts, and the LLM in use."""
        # Counted from the chunks' metadata alone: the page asks on every load.
        documents = {} if self._parts.index_missing() else self.store.document_summaries()
        return {
            "corpus": str(self.settings.corpus_dir),
            "documents": len(documents),
            "chunks": sum(count for count, _ in documents.values()),
            "llm": self.llm.describe() if self.llm else "none (extractive answers)",
        }

    def source_text(self, source: str) -> str:
        """The text a citation of ``source`` indexes into: ``source_text(c.source)[c.start:c.end] == c.text``.

        For UTF-8 text and Markdown that is the file as ``open(..., encoding="utf-8")`` reads it;
        other encodings are decoded, and HTML and PDF are the text extracted from them. RagError
        when the document cannot be read (missing, unsupported, or a link out of the corpus).
        """
        return load_source(source, self.settings.corpus_dir)

    @cached_property
    def documents(self):
        """The corpus and its index as a service: list, add, remove and re-index documents."""
        from rag.documents import Documents

        return Documents(self.settings, lambda: self.store, embedder=lambda: self.embedder)

    def llm_status(self) -> dict:
        """The LLM's real state: {'state', 'detail', 'reason'}; state 'off' when answers are extractive.

        States: 'configured' (an endpoint not called yet), 'stopped' (local, not started yet),
        'starting', 'ready', 'down' (reason says why: "local LLM crashed (SIGSEGV)", "timed out", …).
        """
        if self.llm is None:
            return {"state": "off", "detail": "none (extractive answers)", "reason": None}
        return self.llm.status()

    def context(self, citation) -> tuple[str, str, str]:
        """The cited text with the rest of its paragraph before and after it."""
        from rag.passages import paragraph_context

        return paragraph_context(self.settings.corpus_dir, citation)

    def warm_up(self) -> None:
        """Load the models now, so the first question is as fast as the rest."""
        self.retriever.keyword_index()
        self.scorer.vectors(["warm up"])
        # The parser and WordNet judge every draft, and the gate's premise check every "why" question.
        self.verifier.entailment.warm_up()
        if self.llm is not None:
            try:
                self.llm.warm_up()
            except LLMUnavailable:
                pass

    def close(self) -> None:
        """Stop the local LLM server, if this assistant started one."""
        self._parts.close()


def _warm(llm: LLM, then) -> None:
    try:
        llm.warm_up()
    except Exception:  # noqa: BLE001 - the draft meets the same failure and reports it
        return
    try:
        then()
    except Exception:  # noqa: BLE001 - verification meets the same failure and reports it
        pass


def capable(llm: LLM | None) -> bool:
    """Whether the model is a configured endpoint, trusted to draft before the gate's doubts apply."""
    return llm is not None and not llm.is_local


def refusal(question: str, standalone: str, verdict: Verdict) -> Answer:
    """The refused Answer, saying which checks refused and why in a reader's words."""
    text = REFUSAL_INSTRUCTION if verdict.reason == "instruction" else REFUSAL
    return Answer(question, text, refused=True, mode="refused", standalone_question=standalone,
                  refusal_reason=verdict.explanation, refusal_checks=verdict.checks)
