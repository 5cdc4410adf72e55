"""The `rag` command in process, with the fake embedder: flags, versions and one-line errors."""

from __future__ import annotations

import json
import logging
import os
import re
from importlib.metadata import version

import pytest

from rag.cli import main
from tests.conftest import CORPUS
from tests.index.conftest import pdf_bytes

QUESTION = "Which cities did the rebels capture?"


@pytest.fixture(autouse=True)
def _fake_models(monkeypatch):
    """No RAG_* from the shell, and the fake embedder wherever the CLI would load the real one."""
    from tests.fixtures.embedder import FakeEmbedder

    for name in list(os.environ):
        if name.startswith(("RAG_", "OPENAI_")):
            monkeypatch.delenv(name)
    fake = FakeEmbedder()
    monkeypatch.setattr("index.embeddings.load_embedder", lambda: fake)


def _error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.fixture
def index_dir(tmp_path, capsys):
    folder = tmp_path / "index"
    assert main(["index", "--corpus", str(CORPUS), "--index", str(folder), "--json"]) == 0
    capsys.readouterr()
    return folder


def test_ask_takes_index_and_corpus_flags(index_dir, capsys):
    code = main(["ask", "--index", str(index_dir), "--corpus", str(CORPUS), "--no-llm", "--json", QUESTION])

    answer = json.loads(capsys.readouterr().out)
    assert code == 0 and not answer["refused"] and answer["citations"]


def test_top_k_zero_is_reported_as_the_flag(index_dir, capsys):
    code = main(["ask", "--index", str(index_dir), "--no-llm", "--top-k", "0", QUESTION])

    line = _error_line(capsys)
    assert code == 2 and line.startswith("rag ask: error: --top-k 0:")
    assert "RAG_TOP_K" not in line


def test_a_bad_environment_setting_is_still_reported_as_the_setting(index_dir, capsys, monkeypatch):
    monkeypatch.setenv("RAG_TOP_K", "0")
    assert main(["ask", "--index", str(index_dir), "--no-llm", QUESTION]) != 0
    assert "setting RAG_TOP_K" in _error_line(capsys)


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"rag {version('rag-assistant')}"


@pytest.mark.parametrize("mode", [["--no-llm"], []], ids=["no-llm", "local-llm"])
def test_asking_with_a_missing_index_says_so_and_creates_no_folder(tmp_path, capsys, mode):
    missing = tmp_path / ".rag" / "index"

    code = main(["ask", "--index", str(missing), "--corpus", str(CORPUS), *mode, QUESTION])

    line = _error_line(capsys)
    assert code == 2 and "no index at" in line and "run 'rag index'" in line
    assert not missing.parent.exists()


@pytest.mark.parametrize("files", [{}, {"scan.png": b"\x89PNG", ".hidden.txt": b"x"}], ids=["empty", "no-documents"])
def test_an_empty_corpus_fails_with_one_line_and_leaves_no_index(tmp_path, capsys, files):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data in files.items():
        (corpus / name).write_bytes(data)

    code = main(["index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--json"])

    line = _error_line(capsys)
    assert code != 0 and "no documents" in line and str(corpus) in line
    assert not (tmp_path / "index").exists()


def test_a_corpus_where_nothing_can_be_read_fails_after_listing_why(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")

    code = main(["index", "--corpus", str(corpus), "--index", str(tmp_path / "index")])

    err = capsys.readouterr().err
    assert code != 0 and "skipped empty.txt: no text (empty file)" in err
    assert re.search(r"error: none of the documents in .* could be read", err)


def test_unsupported_files_and_links_out_are_listed_as_skipped(tmp_path, capsys, caplog):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Homs is a key crossroads city. Thousands fled.\n", encoding="utf-8")
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    data = pdf_bytes([["Rebels reached Homs."]])
    (corpus / "damaged.pdf").write_bytes(
        re.sub(rb"startxref\n(\d+)", lambda m: b"startxref\n%d" % (int(m.group(1)) + 3), data)
    )

    with caplog.at_level(logging.DEBUG):
        code = main(["index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--json"])

    captured = capsys.readouterr()
    report = json.loads(captured.out.strip().splitlines()[-1])
    assert code == 0 and report["documents"] == 2
    reasons = {entry["source"]: entry["reason"] for entry in report["skipped"]}
    assert set(reasons) == {"notes.docx", "passwd.txt"}
    assert "Word" in reasons["notes.docx"] and "outside the corpus" in reasons["passwd.txt"]
    assert captured.err == ""
    assert not [r for r in caplog.records if r.name.startswith("pypdf") and r.levelno >= logging.WARNING]
