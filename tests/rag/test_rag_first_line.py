"""The local model's draft ends with its first line that states something."""

from __future__ import annotations

import pytest

from rag.generate import first_line


def pieces(*parts: str):
    yield from parts


def drafted(*parts: str) -> str:
    return "".join(first_line(pieces(*parts)))


def test_the_draft_stops_at_the_end_of_its_first_statement():
    assert drafted("\n", "Answer", ": [1]", " Aleppo and Hama fell.\n[2] Rastan", " fell too.") == (
        "\nAnswer: [1] Aleppo and Hama fell.")


def test_lines_that_state_nothing_are_passed_over():
    assert drafted("\nAnswer:\nThe rebels are advancing on Homs.\nMore text") == (
        "\nAnswer:\nThe rebels are advancing on Homs.")
    assert drafted("\n[INST] <<SYS>>\n", "The bridge was destroyed by the army.") == (
        "\n[INST] <<SYS>>\nThe bridge was destroyed by the army.")


def test_a_run_of_empty_answer_lines_is_cut_short():
    endless = (f"Answer: [{n}]\n" for n in range(1, 1000))
    assert "".join(first_line(endless)) == "Answer: [1]\nAnswer: [2]\n"


@pytest.mark.parametrize("draft", ["One short line of answer.", ""])
def test_a_draft_without_a_line_break_is_kept_whole(draft):
    assert drafted(draft) == draft


def test_cutting_the_draft_closes_the_request():
    closed = []

    def stream():
        try:
            yield "The rebels took Aleppo.\n"
            yield "Then they went on and on."
        finally:
            closed.append(True)

    assert "".join(first_line(stream())) == "The rebels took Aleppo."
    assert closed == [True]
