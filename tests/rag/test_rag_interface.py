"""The declared interface front ends rely on, met by the Assistant and by the test doubles."""

from __future__ import annotations

import inspect

from rag import Answerer, Assistant, ChatAssistant, Settings


def test_the_assistant_is_what_front_ends_expect():
    assistant = Assistant(Settings(llm="none"))
    assert isinstance(assistant, ChatAssistant) and isinstance(assistant, Answerer)


def test_the_assistants_signatures_match_the_declared_ones():
    for name in ("ask", "chat", "stream", "info", "context", "warm_up", "close"):
        declared = inspect.signature(getattr(ChatAssistant, name))
        actual = inspect.signature(getattr(Assistant, name))
        assert list(actual.parameters) == list(declared.parameters), name
        for parameter in declared.parameters.values():
            assert actual.parameters[parameter.name].kind == parameter.kind, (name, parameter.name)


def test_the_ui_test_double_answers_like_the_assistant():
    from tests.fixtures.ui.fake_assistant import FakeAssistant
    from tests.rag.support import CORPUS

    assert isinstance(FakeAssistant(CORPUS), Answerer)
