"""The optional LLM judge: the chain's model judge, with a stand-in model."""

from evals.judge import judge_summary, model_supports
from rag.model_judge import ModelJudge
from rag.settings import Settings


class Scripted:
    """Says yes when the passage contains the claim's last word; has nothing to say about ports."""

    def __init__(self):
        self.prompts = []

    def complete(self, messages, max_tokens, stop=None, deadline_s=None):
        prompt = messages[0]["content"]
        self.prompts.append(prompt)
        passage = prompt.split("<passage>")[-1].split("</passage>")[0]
        claim = prompt.split("Claim: ")[1].split("\n")[0]
        last = claim.rstrip(".").split()[-1]
        return "It depends." if last == "harbour" else ("Yes." if last in passage else "no")


def test_the_model_judge_reads_yes_no_and_counts_replies_that_are_neither():
    model = Scripted()
    supports, missing = model_supports(ModelJudge(model, budget_s=10))

    assert supports("Homs is a crossroads city.", "Homs is a city.")
    assert not supports("Homs is a crossroads city.", "Homs is a port.")
    assert not supports("Homs is a crossroads city.", "Homs has a harbour.")
    assert missing == [1]
    assert "Claim: Homs is a port." in model.prompts[1]


def test_judge_is_skipped_with_a_note_when_no_endpoint_is_configured(capsys, monkeypatch):
    monkeypatch.delenv("RAG_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert judge_summary([], Settings(llm="none")) == {}
    assert "RAG_LLM_BASE_URL" in capsys.readouterr().err
