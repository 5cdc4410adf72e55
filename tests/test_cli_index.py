"""`rag index` as users run it: a subprocess, offline, with the real packaged embedder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAG = ROOT / ".venv" / "bin" / "rag"
OFFLINE = ROOT / "tools" / "offline"
CONTRACT_KEYS = {
    "documents", "chunks", "added", "updated", "removed", "unchanged", "skipped", "seconds",
}


def _rag_index(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    return subprocess.run(
        [str(OFFLINE), str(RAG), "index", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _summary(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines, "no output on stdout"
    return json.loads(lines[-1])


@pytest.mark.slow
def test_rag_index_json_builds_offline_then_reports_everything_unchanged(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "notes").mkdir()
    (corpus / "notes" / "markets.md").write_text(
        "# Markets\n\nPrices in Damascus rose by a third in a week.\n", encoding="utf-8"
    )
    (corpus / "empty.txt").write_bytes(b"")
    index = tmp_path / "index"
    documents = len([p for p in corpus.rglob("*") if p.is_file()]) - 1

    first = _summary(_rag_index("--json", "--corpus", str(corpus), "--index", str(index)))

    assert set(first) == CONTRACT_KEYS
    assert first["documents"] == first["added"] == documents
    assert first["chunks"] > documents
    assert (first["updated"], first["removed"], first["unchanged"]) == (0, 0, 0)
    assert first["skipped"] == [{"source": "empty.txt", "reason": "no text (empty file)"}]
    assert isinstance(first["seconds"], int | float) and first["seconds"] >= 0

    second = _summary(_rag_index("--json", "--corpus", str(corpus), "--index", str(index)))

    assert second["unchanged"] == documents
    assert (second["added"], second["updated"], second["removed"]) == (0, 0, 0)
    assert second["chunks"] == first["chunks"]


def test_rag_index_with_a_missing_corpus_fails_with_one_line_and_no_traceback(tmp_path):
    result = _rag_index(
        "--json", "--corpus", str(tmp_path / "missing"), "--index", str(tmp_path / "index"),
        timeout=60,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(tmp_path / "missing") in lines[0] and "does not exist" in lines[0]
    assert result.stdout.strip() == ""
    assert not (tmp_path / "index").exists()
