"""Front ends register their commands through entry points; one that cannot load says so."""

from __future__ import annotations

from importlib.metadata import EntryPoint

from rag import cli


def test_front_end_commands_are_registered_by_their_packages():
    registered = {entry.name: entry.value for entry in cli._registered_commands()}
    assert registered == {"chat": "ui.cli:register", "eval": "evals.cli:register", "serve": "api.cli:register"}


def test_a_front_end_that_cannot_load_fails_alone_with_one_line(monkeypatch, capsys):
    broken = EntryPoint("broken", "no_such_front_end.cli:register", cli.COMMAND_GROUP)
    monkeypatch.setattr(cli, "_registered_commands", lambda: [broken])

    assert cli.main(["broken"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("rag broken: error: the 'broken' command cannot load") and "\n" not in err
