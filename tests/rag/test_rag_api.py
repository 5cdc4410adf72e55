"""The Python API as users hold it: a context manager, a clean help(), checked arguments."""

from __future__ import annotations

import pydoc

import pytest

from rag import Assistant, BadQuestion, IndexNotReady, Settings
from rag.retrieve import RRF_K

COMPONENTS = ("embedder", "store", "llm", "retriever", "scorer", "gate", "verifier")


def test_with_closes_the_assistant(make_assistant, monkeypatch):
    closed = []
    assistant = make_assistant(llm="none")
    monkeypatch.setattr(assistant, "close", lambda: closed.append(True))

    with assistant as entered:
        assert entered is assistant
        assert not entered.ask("Which cities did the rebels capture?").refused

    assert closed == [True]


def test_with_closes_the_assistant_when_the_block_raises(make_assistant, monkeypatch):
    closed = []
    assistant = make_assistant(llm="none")
    monkeypatch.setattr(assistant, "close", lambda: closed.append(True))

    with pytest.raises(KeyError), assistant:
        raise KeyError("boom")

    assert closed == [True]


def test_help_lists_the_public_api_and_no_internal_components():
    page = pydoc.render_doc(Assistant, renderer=pydoc.plaintext)

    for method in ("ask", "chat", "stream", "retrieve", "source_text", "info", "close"):
        assert f" {method}(self" in page, method
    for name in COMPONENTS:
        assert f"\n |  {name}\n" not in page, f"help(Assistant) lists {name}"


def test_components_stay_reachable_for_scripts_and_benchmarks(make_assistant):
    assistant = make_assistant(llm="none")
    assert assistant.llm is None
    assert assistant.store.count() > 0
    assert assistant.retriever.keyword_index() is assistant.retriever.keyword_index()


@pytest.mark.parametrize("top_k", [0, -1, 51])
@pytest.mark.parametrize("call", ["ask", "stream", "retrieve"])
def test_a_top_k_out_of_range_is_rejected_like_the_cli_rejects_it(make_assistant, top_k, call):
    assistant = make_assistant(llm="none")
    with pytest.raises(BadQuestion, match="top_k must be between 1 and 50"):
        result = getattr(assistant, call)("Why is Homs significant?", top_k=top_k)
        list(result)


def test_retrieval_and_citation_scores_keep_to_their_documented_scales(make_assistant):
    assistant = make_assistant(llm="none")
    question = "Which cities did the rebels capture?"

    retrieved = [p["score"] for p in assistant.retrieve(question)]
    cited = [c.score for c in assistant.ask(question).citations]

    # Retrieval: reciprocal-rank fusion of two rankings, at most 2 / (RRF_K + 1), best first.
    assert retrieved == sorted(retrieved, reverse=True)
    assert all(0 < s <= round(2 / (RRF_K + 1), 4) for s in retrieved)
    # Citations: the mean of a cosine similarity and a share of the question's terms, in [0, 1].
    assert cited and all(0 <= s <= 1 for s in cited)
    assert "reciprocal rank" in Assistant.retrieve.__doc__
    assert "0 to 1" in " ".join(Assistant.ask.__doc__.split())


def test_asking_without_an_index_says_so_and_creates_nothing(tmp_path, fake_embedder):
    missing = tmp_path / "no-index"
    assistant = Assistant(Settings(index_dir=missing, corpus_dir=tmp_path, llm="none"),
                          embedder=fake_embedder)

    with pytest.raises(IndexNotReady, match="no index at .*no-index.*run 'rag index'"):
        assistant.ask("Why is Homs significant?")

    assert not missing.exists()


def test_info_counts_the_indexed_documents_and_chunks(make_assistant):
    assistant = make_assistant()

    info = assistant.info()

    assert info["documents"] == len({c.source for c in assistant.store.chunks()}) == 1
    assert info["chunks"] == assistant.store.count() > 0
