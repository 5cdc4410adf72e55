"""The runner with a stand-in assistant: routing, records and the temporary corpus."""

from dataclasses import dataclass
from pathlib import Path

from evals.cases import Case
from evals.runner import prepare_corpus, run_case
from rag.settings import Settings

DOC = "Homs is a key crossroads city. Rebels took Aleppo."


@dataclass
class FakeAnswer:
    data: dict

    def to_dict(self):
        return self.data


class FakeAssistant:
    """Answers every question with the first sentence of DOC; remembers how it was called."""

    def __init__(self):
        self.calls = []

    def _answer(self, question, standalone=None):
        data = {"question": question, "answer": "Homs is a key crossroads city. [1]",
                "refused": False, "citations": [{"n": 1, "source": "a.txt", "start": 0, "end": 30,
                                                 "text": DOC[:30], "score": 0.9}],
                "timings_ms": {"total": 5}, "degraded": False, "mode": "extractive"}
        if standalone:
            data["standalone_question"] = standalone
        return FakeAnswer(data)

    def ask(self, question):
        self.calls.append(("ask", question))
        return self._answer(question)

    def chat(self, history, question):
        self.calls.append(("chat", len(history), question))
        return self._answer(question, standalone="Why does Homs matter?")

    def retrieve(self, question):
        self.calls.append(("retrieve", question))
        return [{"source": "a.txt", "start": 31, "end": 50, "text": DOC[31:], "score": 0.5},
                {"source": "a.txt", "start": 0, "end": 30, "text": DOC[:30], "score": 0.4}]


CASE = Case(id="c1", type="why", split="dev", question="Why is Homs important?", answerable=True,
            facts=[["crossroad"], ["Damascus"]],
            passages=[{"source": "a.txt", "quote": "Homs is a key crossroads city."}])
SPANS = [{"source": "a.txt", "start": 0, "end": 30}]


def test_plain_questions_are_asked_and_scored():
    assistant = FakeAssistant()
    record = run_case(assistant, CASE, SPANS, {"a.txt": DOC})
    assert assistant.calls == [("ask", CASE.question), ("retrieve", CASE.question)]
    assert record["scores"]["rank"] == 2 and record["scores"]["hit"] == 1.0
    assert record["scores"]["fact_recall"] == 0.5
    assert record["scores"]["citation_exactness"] == 1.0
    assert record["latency_ms"] >= 0
    assert {"id", "type", "split", "question", "answer", "retrieved", "scores"} <= set(record)


def test_followups_go_through_chat_and_retrieve_the_standalone_question():
    assistant = FakeAssistant()
    history = [{"role": "user", "content": "Tell me about Homs."},
               {"role": "assistant", "content": "It is a city. [1]"}]
    case = Case(**{**CASE.__dict__, "type": "followup", "question": "Why?", "history": history})
    run_case(assistant, case, SPANS, {"a.txt": DOC})
    assert assistant.calls == [("chat", 2, "Why?"), ("retrieve", "Why does Homs matter?")]


def test_unanswerable_cases_have_no_retrieval_score():
    case = Case(id="u", type="unanswerable", split="test", question="Who won?", answerable=False)
    scores = run_case(FakeAssistant(), case, [], {"a.txt": DOC})["scores"]
    assert scores["hit"] is None and scores["fact_recall"] is None and scores["quality"] == 0.0


def test_eval_corpus_is_a_copy_plus_the_overlay(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(DOC, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "real-index", llm="none")
    derived = prepare_corpus(settings, tmp_path / "work")
    names = sorted(p.name for p in Path(derived.corpus_dir).iterdir())
    assert names == ["a.txt", "homs-briefing-notes.txt"]
    assert derived.index_dir == tmp_path / "work" / "index"
    assert derived.llm == "none" and settings.index_dir == tmp_path / "real-index"


def test_answerable_case_without_facts_or_sentences_still_gets_a_quality():
    class Silent(FakeAssistant):
        def _answer(self, question, standalone=None):
            return FakeAnswer({"question": question, "answer": "", "refused": False,
                               "citations": []})

    case = Case(id="s", type="factoid", split="dev", question="Q?", answerable=True)
    assert run_case(Silent(), case, [], {})["scores"]["quality"] == 1.0


def test_a_named_dataset_brings_its_own_documents(tmp_path):
    from evals.datasets import load_dataset

    news = load_dataset("news")
    settings = Settings(corpus_dir=tmp_path / "elsewhere", index_dir=tmp_path / "real-index", llm="none")
    derived = prepare_corpus(settings, tmp_path / "work", news)
    names = {p.name for p in Path(derived.corpus_dir).iterdir()}
    expected = {p.name for p in news.documents.iterdir()}
    assert expected <= names and "homs-briefing-notes.txt" not in names
