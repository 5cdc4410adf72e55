"""`rag serve` is registered by the api package and refuses to listen openly without a key."""

from __future__ import annotations

from rag.cli import main


def test_serve_is_a_rag_command(capsys):
    try:
        main(["serve", "--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out


def test_serve_beyond_loopback_without_a_key_is_refused(capsys):
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("rag serve: error:") and "RAG_API_KEY" in err and "\n" not in err
