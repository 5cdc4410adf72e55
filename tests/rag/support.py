"""Helpers for the answer-chain tests: the Answer contract and the sources a prompt numbered."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rag.markers import MARKER

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "syria-rebels-advance-on-homs.txt"
_SOURCE = re.compile(r"<source (\d+)>\n(.*?)\n</source>", re.DOTALL)


def build_fake_index(corpus_dir: Path, index_dir: Path) -> Path:
    from index.build import build_index
    from index.store import ChunkStore
    from tests.fixtures.embedder import FakeEmbedder

    report = build_index(corpus_dir, ChunkStore.open(index_dir), FakeEmbedder())
    assert report.chunks > 0
    return index_dir


def prompt_sources(body: dict) -> dict[int, str]:
    """The numbered sources a draft request showed the model: {n: sentence}."""
    user = body["messages"][-1]["content"]
    return {int(n): text for n, text in _SOURCE.findall(user)}


def number_of(sources: dict[int, str], sentence: str) -> int:
    """The source number the prompt gave a sentence."""
    found = [n for n, text in sources.items() if text == sentence]
    assert found, f"{sentence!r} was not among the prompt's sources: {sources}"
    return found[0]


def corpus_text(source: str, corpus_dir: Path = CORPUS) -> str:
    with open(corpus_dir / source, encoding="utf-8") as handle:
        return handle.read()


def assert_contract(answer, corpus_dir: Path = CORPUS) -> None:
    """The Answer contract: exact spans, markers that name citations, numbered by first use."""
    data = answer.to_dict()
    json.dumps(data)  # JSON-serialisable
    assert set(data) >= {"question", "answer", "refused", "citations", "timings_ms"}
    if answer.refused:
        assert answer.citations == []
        assert not MARKER.search(answer.text)
        assert "documents" in answer.text.lower()
        return
    for citation in answer.citations:
        assert citation.text == corpus_text(citation.source, corpus_dir)[citation.start:citation.end]
        assert citation.text.strip() == citation.text and citation.text
    used = [int(n) for n in MARKER.findall(answer.text)]
    numbers = [c.n for c in answer.citations]
    assert set(used) <= set(numbers), f"markers {used} name no citation among {numbers}"
    first_use = list(dict.fromkeys(used))
    assert first_use == list(range(1, len(first_use) + 1)), f"markers out of order: {used}"
    assert sorted(numbers) == first_use, f"citations {numbers} are not the markers used {used}"


def cites(answer, sentence: str) -> bool:
    return any(c.text == sentence for c in answer.citations)


def readme_snippet(heading: str) -> str:
    """The first ```python block under a README heading, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(heading, 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
