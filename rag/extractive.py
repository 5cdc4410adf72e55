"""The extractive answer: the best evidence sentences, quoted and cited.

A question with several parts ("which cities fell, and what would taking Homs cut off?") gets the
best sentence for each part, so a multi-hop answer is not just the strongest single passage.
"""

from __future__ import annotations

import re

from rag.answer_kind import counts_asked, holds_new, names_the_head, new_particulars, wanted
from rag.citations import Claim, containment
from rag.evidence import Evidence, EvidenceScorer, blend, lexical_overlap
from rag.retrieve import KeywordIndex
from rag.text import focus_terms, terms

MAX_SENTENCES = 3
KEEP_RATIO = 0.5  # a further sentence must score at least this share of the best one
REDUNDANT = 0.7  # a sentence whose words are mostly in one already chosen adds nothing
# A sentence holding the kind of thing the question asks for (a number for "how many", a name for
# "who") gains this much over one that only repeats the question's words.
KIND_BONUS = 0.15
# A sentence opening with a word that points back ("That is a Category 3 storm.", "Its goal is …")
# is about what the sentence before it names: it is matched with that sentence's words too.
_POINTS_BACK = re.compile(r"^\W*(it|its|that|this|these|those|they|their|them|he|his|she|her|such)\b", re.I)
_PART_BREAK = re.compile(
    # "…, and at which stadium did Sweden play?": a part may open with a preposition.
    r"\?\s+|;\s+|,?\s+and\s+(?=(?:(?:at|in|on|from|to|for|by|with|of|during|since)\s+)?"
    r"(?:what|how|why|which|who|whom|where|when|did|does|do|is|are|was|were)\b)",
    re.IGNORECASE,
)


def parts(question: str) -> list[str]:
    """The separately answerable parts of a question; just the question when it has one part."""
    pieces = [p.strip() for p in _PART_BREAK.split(question) if p and p.strip()]
    return [p for p in pieces if len(focus_terms(p)) >= 1] if len(pieces) > 1 else [question]


def extract(
    question: str,
    evidence: list[Evidence],
    scorer: EvidenceScorer,
    keywords: KeywordIndex,
    followup: bool = False,
    sources: tuple[str, ...] = (),
) -> list[Claim]:
    """Claims quoting the strongest evidence sentences, each citing itself.

    ``evidence`` is ranked for the standalone question; ``question`` is what the user asked now.
    A follow-up, like a multi-part question, also gets the best sentence for its own words. A
    question in one part is answered from ``sources`` when given, the documents the gate found
    naming all it names: one document's "he was born in San Antonio" does not answer where
    another's subject was born.
    """
    if not evidence:
        return []
    scores = answer_scores(question, evidence, keywords)
    order = sorted(range(len(evidence)), key=lambda i: -scores[i])
    pieces = parts(question)
    if sources and len(pieces) == 1 and not followup:
        order = [i for i in order if evidence[i].sentence.source in sources] or order
    chosen = [order[0]]
    candidates = [(e.sentence, e.passage_rank) for e in evidence]
    position = {e.sentence: i for i, e in enumerate(evidence)}
    if len(pieces) > 1 or followup:
        for piece in pieces:
            ranked = scorer.rank(piece, candidates, keywords)
            fits = answer_scores(piece, ranked, keywords)
            best = ranked[max(range(len(ranked)), key=fits.__getitem__)]
            chosen.append(position[best.sentence])
    else:
        best = scores[order[0]]
        chosen += following(question, evidence, order[0])
        chosen += [i for i in order[1:] if scores[i] >= KEEP_RATIO * best]
    claims = [Claim(evidence[i].sentence.text, (i,)) for i in dict.fromkeys(chosen)]
    return _without_repeats([], claims)[:MAX_SENTENCES]


def following(question: str, evidence: list[Evidence], best: int) -> list[int]:
    """The sentence after the best one, when the best only restates what the question asks and the
    question wants something it lacks: "Downtown is slanted at almost a 45 degree angle to the grid."
    is followed by why ("Downtown streets were originally platted parallel to the railroad tracks")."""
    kind = wanted(question)
    sentence = evidence[best].sentence
    if kind is None or holds_new(kind, question, sentence.text):
        return []
    return [i for i, e in enumerate(evidence)
            if e.sentence.source == sentence.source and e.sentence.before == sentence.text][:1]


def answer_scores(question: str, evidence: list[Evidence], keywords: KeywordIndex) -> list[float]:
    """Each sentence's evidence score, counting the words of the sentence before one that points
    back to it, plus KIND_BONUS when it holds a new thing of the kind the question asks for, and
    again when it names the very noun asked about ("which road": "Castlefrank Road") or counts it
    ("how many inhabitants": "40,000 inhabitants")."""
    kind = wanted(question)
    asked = focus_terms(question) or terms(question)
    scores = []
    for e in evidence:
        lexical = e.lexical
        if e.sentence.before and _POINTS_BACK.match(e.sentence.text):
            context = f"{e.sentence.before} {e.sentence.text}"
            # Half credit: the words are the other sentence's, only its subject carries over.
            lexical += max(0.0, lexical_overlap(asked, context, keywords) - lexical) / 2
        text = e.sentence.text
        bonus = holds_new(kind, question, text) + names_the_head(question, text) + counts_asked(question, text)
        scores.append(blend(e.dense, lexical) + KIND_BONUS * bonus)
    return scores


def complete(drafted: list[Claim], quoted: list[Claim], question: str | None = None) -> list[Claim]:
    """The verified draft, then the best quotes it left out: a terse draft must not lose facts.

    Given the question, a quote is added only when it holds something the question asks about
    that the draft never mentions: a good draft gets no unrelated quotes.
    """
    cited = {i for claim in drafted for i in claim.supports}
    extra = [claim for claim in quoted if not cited & set(claim.supports)]
    if question is not None:
        said = {t for claim in drafted for t in terms(claim.text)}
        asked = set(focus_terms(question)) - said
        extra = [claim for claim in extra if asked & set(terms(claim.text))]
    return _without_repeats(drafted, extra)[: max(len(drafted), MAX_SENTENCES)]


def _without_repeats(kept: list[Claim], candidates: list[Claim]) -> list[Claim]:
    # A sentence whose words are mostly in one already kept adds nothing but length.
    kept = list(kept)
    for claim in candidates:
        if all(containment(claim.text, other.text) < REDUNDANT or new_particulars(claim.text, other.text)
               for other in kept):
            kept.append(claim)
    return kept
