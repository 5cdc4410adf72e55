"""A "why" question takes its event as given: the answering document must not deny it or never tell it.

"Why did the Indian government refuse to evacuate the coast?" assumes a refusal; when the
document tells of the largest evacuation in the country's history instead, no reason the quotes
give answers the question. The premise ("the Indian government refuse to evacuate the coast") is
judged like a drafted sentence, by the verifier's rules (rag/entailment.py). A true premise is
often told in other words or across two sentences, which the rules cannot always confirm, so
only plain evidence refuses: no sentence telling the premise's event (its verb, a synonym, or a
more specific verb: "sent" tells "moved"), a sentence telling that verb negated, or one turning
the premise around (an opposite, a swapped actor).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.checks.base import Check, Failure
from rag.entailment import passage_of
from rag.lexicon import broader, lemmas
from rag.parse import parse

# "Why did X do Y", "why was X done", "why has X done": the clause after the auxiliary is the premise.
# Contractions ("why didn't …") and modals ("why would …") assert no event, so they are left alone.
_WHY = re.compile(r"^\s*why\s+(?:did|does|do|was|were|is|are|has|have|had)\s+([^?]+?)\s*\??\s*$", re.I)
# Distortions that turn the premise around, in a sentence telling its event. A negation counts only
# on the event's own verb (see ``tells_negated``): "to help prevent fighters from seizing" denies another clause.
CONTRADICTIONS = frozenset({"antonym", "swapped_role"})


def premise_of(question: str) -> str | None:
    """The event a "why" question takes as given, as a statement; None for other questions."""
    match = _WHY.match(question)
    return match.group(1) if match else None


def event_verb(premise: str) -> str | None:
    """The verb that tells the premise's event ("refuse" in "the government refuse to evacuate")."""
    doc = parse(premise)
    root = next((t for t in doc if t.dep_ == "ROOT"), None) if doc is not None else None
    return root.lower_ if root is not None and root.pos_ == "VERB" else None


def tells(verb: str, sentence: str, lexicon) -> bool:
    """Whether the sentence tells the verb's event: the verb in any form, a synonym, a word close in
    meaning, or a verb that is a kind of it."""
    if lexicon.matches(verb, passage_of(sentence)):
        return True
    doc = parse(sentence)
    return doc is not None and any(lemmas(verb) & broader(t.lower_) for t in doc if t.pos_ == "VERB")


def tells_negated(verb: str, sentence: str) -> bool:
    """Whether the sentence tells the verb negated: "the model does not include …", "no downloads
    are required"."""
    doc = parse(sentence)
    return doc is not None and any(t.lemma_.lower() in lemmas(verb) and negated(t) for t in doc)


def negated(verb) -> bool:
    """Whether a verb is negated itself ("not", "never") or through its subject or object ("no")."""
    arguments = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    return any(c.dep_ == "neg" for c in verb.children) or any(
        d.dep_ == "det" and d.lower_ == "no" for a in arguments for d in a.children)


@dataclass(frozen=True)
class Premise(Check):
    name = "false_premise"
    explanation = "the documents do not say that {premise}"
    window: int = 6  # the answering document's best sentences, where the event must be told

    def check(self, question, evidence, context) -> Failure | None:
        premise = premise_of(question)
        verb = event_verb(premise) if premise is not None else None
        if verb is None or context.entailment is None:  # no event to look for: nothing plain to refuse on
            return None
        source = context.answering_source
        told = [e.sentence for e in evidence if e.sentence.source == source][: self.window]
        telling = [s for s in told if tells(verb, s.text, context.entailment.lexicon)]
        judged = [context.entailment.judge(premise, s.text, s.before) for s in telling]
        # Only a sentence telling the event may support it: the rules let one word of a claim go
        # unmatched, and "Tunisia lost to England, with a late goal from Harry Kane" does not tell that
        # Kane was sent off.
        if any(j.supported for j in judged):
            return None
        # "Why does the mosque have no minarets?" is told by "it does not have any minarets".
        denied = tells_negated(verb, premise)
        turned = any(j.distortion in CONTRADICTIONS or tells_negated(verb, s.text) != denied
                     for s, j in zip(telling, judged))
        return self.fail(premise=premise) if turned or not telling else None
