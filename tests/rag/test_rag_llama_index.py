"""The chain as llama-index components, composed in stock llama-index engines and a workflow."""

from __future__ import annotations

import asyncio

import pytest
from llama_index.core.base.response.schema import Response, StreamingResponse
from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import QueryBundle
from llama_index.core.workflow import Context, Event, StartEvent, StopEvent, Workflow, step

from rag.llama_index import CitedChatEngine, CitedGate, CitedQueryEngine, CitedRetriever
from tests.rag.support import corpus_text

CITIES = "Which cities did the rebels capture?"
CAKE = "What is the recipe for a chocolate cake?"


@pytest.fixture
def assistant(make_assistant):
    return make_assistant(llm="none")


def spans(nodes) -> list[tuple]:
    return [(n.node.metadata["source"], n.node.start_char_idx, n.node.end_char_idx, n.node.get_content())
            for n in nodes]


def assert_exact(nodes) -> None:
    assert nodes
    for source, start, end, text in spans(nodes):
        assert corpus_text(source)[start:end] == text


def test_retriever_nodes_point_into_their_sources(assistant):
    nodes = CitedRetriever(assistant, top_k=4).retrieve(CITIES)

    assert len(nodes) == 4
    assert_exact(nodes)
    assert [n.score for n in nodes] == sorted((n.score for n in nodes), reverse=True)
    assert [n.node.node_id for n in nodes] == [p.chunk.id for p in assistant.retrieve_passages(CITIES, 4)]


def test_gate_keeps_nodes_that_answer_and_drops_those_that_do_not(assistant):
    gate, retriever = CitedGate(assistant), CitedRetriever(assistant)

    kept = gate.postprocess_nodes(retriever.retrieve(CITIES), query_str=CITIES)
    assert kept and gate.reason == "ok"

    dropped = gate.postprocess_nodes(retriever.retrieve(CAKE), query_bundle=QueryBundle(CAKE))
    assert dropped == [] and gate.reason not in (None, "ok")
    assert gate.reason in gate.checks and gate.explanation


def test_a_passage_survives_the_trip_through_a_node_with_its_title():
    from index.chunking import Chunk
    from rag.llama_index.nodes import node_passage, passage_node
    from rag.retrieve import Passage

    chunk = Chunk("hill.txt", 90, 120, "I took the Oath at 22 years old", "Interview", 2, 5, "h" * 16,
                  title="Wikinews interviews Christopher Hill")
    back = node_passage(passage_node(Passage(chunk, 0.5))).chunk

    assert (back.source, back.start, back.end, back.text, back.section, back.title) == (
        chunk.source, chunk.start, chunk.end, chunk.text, chunk.section, chunk.title)


def test_gate_rejects_nodes_without_offsets(assistant):
    from llama_index.core.schema import NodeWithScore, TextNode

    with pytest.raises(ValueError, match="offsets"):
        CitedGate(assistant).postprocess_nodes([NodeWithScore(node=TextNode(text="x"))], query_str=CITIES)


def test_composes_in_a_stock_retriever_query_engine(assistant):
    gate = CitedGate(assistant)
    engine = RetrieverQueryEngine.from_args(CitedRetriever(assistant), llm=MockLLM(), node_postprocessors=[gate])

    answered = engine.query(CITIES)
    assert_exact(answered.source_nodes)
    assert gate.reason == "ok"

    refused = engine.query(CAKE)
    assert refused.source_nodes == [] and gate.reason != "ok"


def test_query_engine_source_nodes_are_exactly_the_citations(assistant):
    expected = assistant.ask(CITIES)

    response = CitedQueryEngine(assistant).query(CITIES)

    assert isinstance(response, Response) and str(response) == expected.text
    assert spans(response.source_nodes) == [(c.source, c.start, c.end, c.text) for c in expected.citations]
    assert [n.node.metadata["n"] for n in response.source_nodes] == [c.n for c in expected.citations]
    assert response.metadata["refused"] is False and response.metadata["mode"] == "extractive"


def test_query_engine_streams_the_same_text_with_the_citations_known_first(assistant):
    whole = CitedQueryEngine(assistant).query(CITIES)

    response = CitedQueryEngine(assistant, streaming=True).query(CITIES)

    assert isinstance(response, StreamingResponse)
    assert spans(response.source_nodes) == spans(whole.source_nodes)
    pieces = list(response.response_gen)
    assert len(pieces) > 3 and "".join(pieces) == str(whole)


def test_query_engine_answers_from_async_code(assistant):
    expected = CitedQueryEngine(assistant).query(CITIES)
    response = asyncio.run(CitedQueryEngine(assistant).aquery(CITIES))
    assert str(response) == str(expected) and spans(response.source_nodes) == spans(expected.source_nodes)


def test_query_engine_refusal_has_no_source_nodes(assistant):
    response = CitedQueryEngine(assistant).query(CAKE)
    assert response.source_nodes == [] and response.metadata["refused"] is True
    assert "documents" in str(response)


def test_chat_engine_makes_follow_ups_standalone_like_the_assistant(assistant):
    first = assistant.ask(CITIES)
    history = [{"role": "user", "content": CITIES}, {"role": "assistant", "content": first.text}]
    expected = assistant.chat(history, "And which towns?")
    engine = CitedChatEngine(assistant)

    engine.chat(CITIES)
    reply = engine.chat("And which towns?")

    assert str(reply) == expected.text
    assert reply.metadata["standalone_question"] == expected.standalone_question
    assert spans(reply.source_nodes) == [(c.source, c.start, c.end, c.text) for c in expected.citations]
    assert [m.role.value for m in engine.chat_history] == ["user", "assistant"] * 2
    engine.reset()
    assert engine.chat_history == []


def test_chat_engine_streams_the_verified_reply(assistant):
    engine = CitedChatEngine(assistant)
    whole = assistant.ask(CITIES)

    stream = engine.stream_chat(CITIES)

    assert spans(stream.source_nodes) == [(c.source, c.start, c.end, c.text) for c in whole.citations]
    assert "".join(stream.response_gen) == whole.text
    assert engine.chat_history[-1].content == whole.text


def test_chat_engine_answers_and_streams_from_async_code(assistant):
    engine = CitedChatEngine(assistant)
    whole = assistant.ask(CITIES)

    async def converse():
        reply = await engine.achat(CITIES)
        stream = await engine.astream_chat(CITIES)
        return reply, stream, [piece async for piece in stream.async_response_gen()]

    reply, stream, pieces = asyncio.run(converse())

    assert str(reply) == whole.text and "".join(pieces) == whole.text
    assert spans(stream.source_nodes) == spans(reply.source_nodes) == [
        (c.source, c.start, c.end, c.text) for c in whole.citations]


class Retrieved(Event):
    nodes: list


class CitedWorkflow(Workflow):
    """Retrieve, gate, then answer: a refusal stops before the query engine runs."""

    def __init__(self, assistant, **kwargs):
        super().__init__(**kwargs)
        self.retriever, self.gate = CitedRetriever(assistant), CitedGate(assistant)
        self.engine = CitedQueryEngine(assistant)

    @step
    async def retrieve(self, ctx: Context, ev: StartEvent) -> Retrieved:
        await ctx.store.set("question", ev.question)
        return Retrieved(nodes=self.retriever.retrieve(ev.question))

    @step
    async def answer(self, ctx: Context, ev: Retrieved) -> StopEvent:
        question = await ctx.store.get("question")
        if not self.gate.postprocess_nodes(ev.nodes, query_str=question):
            return StopEvent(result={"refused": self.gate.reason})
        return StopEvent(result=self.engine.query(question))


def test_composes_in_a_workflow(assistant):
    async def run(question: str):
        return await CitedWorkflow(assistant, timeout=60).run(question=question)

    answered, refused = asyncio.run(run(CITIES)), asyncio.run(run(CAKE))

    assert_exact(answered.source_nodes)
    assert refused["refused"] not in ("ok", None)


def test_readme_llama_index_snippet_runs_as_written(monkeypatch, fake_index, fake_embedder):
    import contextlib
    import io
    import re

    import index.embeddings
    from tests.rag.support import CORPUS, readme_snippet

    for name, value in {"RAG_INDEX_DIR": fake_index, "RAG_CORPUS_DIR": CORPUS, "RAG_LLM": "none"}.items():
        monkeypatch.setenv(name, str(value))
    # Assistant() loads the packaged embedder; the test index was built with the fake one.
    monkeypatch.setattr(index.embeddings, "load_embedder", lambda: fake_embedder)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(readme_snippet("### With llama-index"), "README.md", "exec"), {})
    printed = out.getvalue()
    assert re.search(r"^1 syria-rebels-advance-on-homs\.txt \d+ \d+$", printed, re.MULTILINE), printed
    assert re.search(r"^0 (?!ok)\w+$", printed, re.MULTILINE), printed
    assert printed.count("[1]") >= 2, printed
