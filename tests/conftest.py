"""Shared fixtures: the corpus, temporary corpora and indexes, and the fake embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "syria-rebels-advance-on-homs.txt"


@pytest.fixture
def fake_embedder():
    from tests.fixtures.embedder import FakeEmbedder

    return FakeEmbedder()


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the project corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
