"""Front ends add their own commands to `rag`; one that cannot load says so and breaks no other."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from rag import cli


def test_front_ends_register_their_commands(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])

    listed = capsys.readouterr().out
    assert all(name in listed for name in ("index", "ask", "chat", "eval"))


def test_a_command_that_cannot_load_fails_with_one_line(monkeypatch, capsys):
    def load():
        raise ImportError("No module named 'missing_front_end'")

    broken = SimpleNamespace(name="broken", load=load)
    monkeypatch.setattr(cli, "_registered_commands", lambda: [broken])

    assert cli.main(["broken"]) == 2

    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["rag broken: error: the 'broken' command cannot load (No module named 'missing_front_end'); "
                   "reinstall with 'make install'"]
