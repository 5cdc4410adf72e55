"""The optional LLM judge, with a stand-in OpenAI client."""

from types import SimpleNamespace

from evals.judge import judge_summary, llm_supports
from rag.settings import Settings


class FakeClient:
    """Says yes when the passage contains the claim's last word."""

    def __init__(self):
        self.chat = SimpleNamespace(completions=SimpleNamespace(create=self.create))
        self.prompts = []

    def create(self, model, messages, **_):
        prompt = messages[0]["content"]
        self.prompts.append(prompt)
        passage = prompt.split("Passage:\n")[1].split("\n\nClaim:")[0]
        claim = prompt.split("Claim:\n")[1].split("\n\n")[0]
        verdict = "Yes." if claim.rstrip(".").split()[-1] in passage else "no"
        return SimpleNamespace(choices=[SimpleNamespace(message=SimpleNamespace(content=verdict))])


def test_llm_judge_reads_a_yes_or_no_reply():
    client = FakeClient()
    judge = llm_supports(client, "m")
    assert judge("Homs is a crossroads city.", "Homs is a city.")
    assert not judge("Homs is a crossroads city.", "Homs is a port.")
    assert "Claim:\nHoms is a port." in client.prompts[-1]


def test_judge_is_skipped_with_a_note_when_no_endpoint_is_configured(capsys, monkeypatch):
    monkeypatch.delenv("RAG_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert judge_summary([], Settings(llm="none")) == {}
    assert "RAG_LLM_BASE_URL" in capsys.readouterr().err
