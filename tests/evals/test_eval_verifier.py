"""The verifier's figures on a claim set: paraphrases kept, distortions dropped, per kind."""

from evals.claims import Claim
from evals.verifier import figures, judge_claim, table
from rag.entailment import Judgement


def test_figures_give_recall_and_precision_per_distortion_kind():
    results = [("paraphrase", True), ("paraphrase", True), ("paraphrase", False), ("paraphrase", True),
               ("negation", False), ("negation", False), ("number", False), ("number", True)]
    summary = figures(results)
    assert summary["claims"] == 8 and summary["paraphrases_kept"] == 0.75
    assert summary["distortions_dropped"] == 0.75 and summary["drop_precision"] == 0.75
    assert summary["by_kind"]["negation"] == {"n": 2, "recall": 1.0, "precision": round(2 / 3, 4)}
    assert summary["by_kind"]["number"] == {"n": 2, "recall": 0.5, "precision": 0.5}
    assert "antonym" not in summary["by_kind"]
    assert "negation      n=2" in table(summary)


class _OnlySecondSentence:
    def judge(self, claim, sentence, context=""):
        return Judgement(True) if sentence.startswith("Hama") else Judgement(False, "name", "x")


def test_a_claim_is_kept_when_one_sentence_of_its_passage_supports_it():
    claim = Claim("c1", "dev", "a.txt", "Aleppo fell last week. Hama fell too.", "Hama fell.",
                  "supported", "paraphrase")
    assert judge_claim(_OnlySecondSentence(), claim) == (True, None)
    lone = Claim("c2", "dev", "a.txt", "Aleppo fell last week.", "Hama fell.", "unsupported", "place")
    assert judge_claim(_OnlySecondSentence(), lone) == (False, "name")


class _ModelSaying:
    def __init__(self, verdict):
        self.verdict, self.asked = verdict, []

    def supports(self, claim, passages, deadline_s=None):
        self.asked.append(claim)
        return self.verdict


def test_with_a_model_judge_it_only_drops_what_the_rules_kept():
    from evals.verifier import ThenModel

    claim = Claim("c1", "dev", "a.txt", "Aleppo fell last week. Hama fell too.", "Hama fell.",
                  "supported", "paraphrase")
    says_no = _ModelSaying(False)
    assert judge_claim(ThenModel(_OnlySecondSentence(), says_no), claim)[0] is False
    assert says_no.asked == ["Hama fell."]  # only for the sentence the rules kept
    for silent in (True, None):
        assert judge_claim(ThenModel(_OnlySecondSentence(), _ModelSaying(silent)), claim) == (True, None)


def test_the_model_judge_needs_a_configured_endpoint():
    import pytest

    from evals.verifier import model_judge_for
    from rag.errors import RagError
    from rag.settings import Settings

    with pytest.raises(RagError, match="RAG_LLM_BASE_URL"):
        model_judge_for(Settings(llm_base_url=None))
