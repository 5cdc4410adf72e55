"""The scripted perfect model of benchmarks/scripted_model.py: it drafts, judges claims and judges
quotes by the eval set's own labels, so its figures show what the chain lets a right model do."""

from __future__ import annotations

import sys
from pathlib import Path

from evals.cases import Case
from evals.claims import Claim
from rag.model_judge import ANSWERS_PROMPT, PROMPT

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from scripted_model import claims_judge, scripted_reply  # noqa: E402

ASKED = "Which cities did the rebels capture?"
UNANSWERABLE = "Which cities did the rebels lose?"
QUOTE = "The rebels have captured the key cities of Aleppo and Hama so far."


def body(content: str) -> dict:
    return {"messages": [{"role": "user", "content": content}]}


def case(question: str, answerable: bool) -> Case:
    passages = [{"source": "a.txt", "quote": QUOTE}] if answerable else []
    return Case(id=question, type="factoid", split="dev", question=question, answerable=answerable,
                passages=passages)


def test_it_drafts_the_expected_sentence_cited_or_says_not_in_sources():
    reply = scripted_reply({c.question: c for c in (case(ASKED, True), case(UNANSWERABLE, False))})
    sources = f"<source 1>\nSomething else.\n</source>\n<source 2>\n{QUOTE}\n</source>\n"

    assert reply(body(f"{sources}Question: {ASKED}\n")) == QUOTE.rstrip(".") + " [2]."
    assert reply(body(f"{sources}Question: {UNANSWERABLE}\n")) == "NOT IN SOURCES"


def test_it_says_quotes_answer_by_the_case_label_and_confirms_its_own_claims():
    reply = scripted_reply({c.question: c for c in (case(ASKED, True), case(UNANSWERABLE, False))})
    quotes = f"<passage>{QUOTE}</passage>"

    assert reply(body(ANSWERS_PROMPT.format(passages=quotes, question=ASKED))) == "yes"
    assert reply(body(ANSWERS_PROMPT.format(passages=quotes, question=UNANSWERABLE))) == "no"
    assert reply(body(PROMPT.format(passages=quotes, claim=QUOTE))) == "yes"


def test_as_a_claim_judge_it_keeps_paraphrases_and_drops_distortions():
    claims = [Claim("1", "dev", "a.txt", QUOTE, "The rebels took Aleppo and Hama.", "supported", "paraphrase"),
              Claim("2", "dev", "a.txt", QUOTE, "The rebels lost Aleppo and Hama.", "unsupported", "antonym")]
    reply = claims_judge(claims)
    quotes = f"<passage>{QUOTE}</passage>"

    assert [reply(body(PROMPT.format(passages=quotes, claim=c.claim))) for c in claims] == ["yes", "no"]
