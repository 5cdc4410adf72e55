"""Does one evidence sentence support a claim? Judged by meaning, not by overlap.

Every content word of the claim must be in the sentence: as itself, an inflection, a spelling
variant, a demonym (Russia/Russian), a WordNet synonym or a word close in meaning; numbers, dates
and names exactly. And nothing may be turned around: a negation added or dropped, a word swapped
for its opposite, the actor and the object exchanged, a cause the sentence never gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

import numpy as np

from rag.demonyms import same_root
from rag.lexicon import (
    antonyms,
    collocation,
    defined_by,
    first_sense_mates,
    implicitly_negative,
    lemmas,
    pertainyms,
    spelling,
    synonyms,
    synset_mates,
    wordnet,
)
from rag.parse import PRONOUN, arguments, links, parse
from rag.text import STOPWORDS, numbers, stem, words

COVERAGE_MIN = 0.75  # share of the claim's content words the sentence must hold, by meaning
MAX_UNMATCHED = 2  # more new content words than this is an added detail, whatever the share
WORD_MATCH = 0.62  # embedder cosine at which two different words count as the same idea

# Words that deny what follows them: "not", but also "refused to", "prevented … from", "rather than",
# "unless" (if not).
NEGATIONS = frozenset(
    "not no never n't none nobody nothing neither nor without cannot refuse deny fail unable rather "
    "prevent stop unless".split()
)
# The verbs among them, whose nouns deny as they do: "the failure to renew" is "did not renew".
_DENYING_VERBS = frozenset("refuse deny fail prevent stop".split())
# A claim that gives a reason the sentence does not give joins facts the sentence never joined.
# ("so much so that" is a degree, "to the point that", not a purpose; ", so" joins a consequence.)
CAUSAL = re.compile(
    r"\b(because|therefore|thus|hence|consequently|as a result|due to|owing to|thanks to"
    r"|leads? to|led to|result(?:s|ed|ing)? in|caused|causes|(?<!much )so that|in order to|that is why"
    r"|which is why|after .{0,30}caused|, so(?! (?:much|many|far|long|that)\b))\b",
    re.I,
)
_NUMBER_WORDS = {
    w: str(i) for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split())
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
     "ninety": "90", "hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1e9",
     "dozen": "12", "both": "2", "half": "half", "quarter": "quarter", "third": "third", "twice": "2",
     "double": "2", "triple": "3", "first": "1st", "second": "2nd", "once": "1"}
# Calendar names are facts like numbers, always; units are where the source measures anything
# ("nine-month-old" is not "nine-year-old"), but "the day before" may stand for "yesterday".
_CALENDAR = frozenset(
    "january february march april may june july august september october november december monday "
    "tuesday wednesday thursday friday saturday sunday".split()
)
_UNITS = frozenset(
    "year years month months week weeks day days decade decades century centuries hour hours minute "
    "minutes seconds percent cent km kilometre kilometres kilometer kilometers mile miles metre metres meter "
    "meters".split()
)
_TIMES = frozenset("second seconds minute minutes hour hours day days week weeks month months year years "
                   "decade decades century centuries".split())
# Seasons date like months, but in lowercase, and only as nouns ("in the spring of 1991").
_SEASONS = frozenset("spring summer autumn winter".split())
_MEASURES = frozenset(
    "percent cent km kilometre kilometres kilometer kilometers mile miles metre metres meter meters".split()
)
_EXACT = _CALENDAR | _UNITS
# Spans of time that are a number of units.
_SPANS = {"decade": ("10", "year"), "decades": ("10", "year"), "century": ("100", "year"),
          "centuries": ("100", "year"), "fortnight": ("2", "week"), "millennium": ("1000", "year")}
# Number words that are ordinary words too: "first" may be "initial", "both" "each of them".
_ORDINARY_NUMBER_WORDS = frozenset("first second third once twice double triple half both".split())
# "every" says what "all" and "each" (stopwords) say; "much" only says how much ("so much so that").
_MODIFIER_DEPS = ("compound", "amod")
_WORDNET_POS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
# Verbs whose two parties may be named in either order: "combines a vacuum cleaner with a crop
# product" is "combines a crop product with a vacuum cleaner"; "England played Tunisia" is
# "Tunisia faced England". But "Homs links Damascus to the coast" has a third party, the actor.
_RECIPROCAL = frozenset(
    "combine mix merge blend fuse join unite link connect marry meet face play match pair tie swap "
    "exchange trade share".split()
)
# Comparisons that are stopwords elsewhere but turn a claim around: "less" for "more". ("Before"
# and "after" are converses: "A came before B" is "B came after A".)
_COMPARATIVES = frozenset("more most less least fewer fewest".split())
_LIGHT = frozenset("also however meanwhile then well currently really actually every much".split())


@dataclass(frozen=True)
class Judgement:
    """Whether a sentence supports a claim; if not, the distortion found and the words behind it."""

    supported: bool
    distortion: str | None = None
    detail: str = ""


@dataclass
class Lexicon:
    """Word matching: exact forms first, then synonyms, then the embedder (when one is given)."""

    similar: Callable[[list[str], list[str]], np.ndarray] | None = None
    word_match: float = WORD_MATCH
    _cache: dict = field(default_factory=dict, repr=False)

    def matches(self, word: str, passage: Passage, close: bool = True) -> bool:
        """Whether the passage holds the word, by form, synonym or (if ``close``) closeness of meaning."""
        if word in passage.exact or stem(word) in passage.stems:
            return True
        if lemmas(word) & passage.forms or any(same_root(stem(word), s) for s in passage.stems | passage.initials):
            return True
        # A synonym may be a stopword there: "roughly" for "about".
        if synonyms(word) & (passage.forms | passage.exact) or lemmas(word) & passage.synonyms:
            return True
        # The embedder puts "highest" near "lowest": an opposite in the sentence is no match.
        return close and not antonyms(word) & passage.forms and self.close(word, passage)

    def defines(self, word: str, passage: Passage) -> bool:
        """Whether the word's definition names a word of the passage, or a definition of one of its
        words names the word: a definition is a paraphrase ("acquitted" is "pronounced not guilty",
        "stateless" is "without citizenship"). Loose for the roles, so only coverage asks it, after the
        antonym check has looked for opposites in the same use."""
        return bool(defined_by(word) & passage.forms or lemmas(word) & passage.defined)

    def close(self, word: str, passage: Passage) -> bool:
        if self.similar is None or not passage.content:
            return False
        key = (word, passage.text)
        if key not in self._cache:
            self._cache[key] = float(np.max(self.similar([word], passage.content))) >= self.word_match
        return self._cache[key]


@dataclass(frozen=True)
class Passage:
    """A sentence's words in the forms the matching needs, computed once per sentence."""

    text: str
    tokens: tuple[str, ...]
    content: list[str]
    exact: frozenset[str]
    stems: frozenset[str]
    forms: frozenset[str]
    synonyms: frozenset[str]
    numbers: frozenset[str]
    defined: frozenset[str]  # the words the first definitions of the sentence's words are made of
    initials: frozenset[str]  # abbreviations it spells out or writes: "epa", "us" (for "U.S.")
    roots: frozenset[str]  # what its negative-prefixed words deny: "able" for "unable"


@lru_cache(maxsize=4096)
def passage_of(text: str) -> Passage:
    """The Passage view of a sentence."""
    tokens = tuple(split_words(text))
    content = [t for t in tokens if t not in STOPWORDS and len(t) > 1]
    forms = frozenset().union(*(lemmas(t) for t in content)) if content else frozenset()
    # WordNet writes multiword names with "_": "united_nations" is how "UN" finds "United Nations".
    forms |= {"_".join(tokens[i:i + n]) for n in (2, 3) for i in range(len(tokens) - n + 1)}
    near = frozenset().union(*(synonyms(t) for t in content)) if content else frozenset()
    defined = frozenset().union(*(defined_by(t) for t in content)) if content else frozenset()
    return Passage(text, tokens, content, frozenset(tokens), frozenset(stem(t) for t in tokens), forms,
                   near, frozenset(number_values(text)), defined, initials(text), negated_roots(content))


def initials(text: str) -> frozenset[str]:
    """Abbreviations a sentence holds: dotted letters ("U.S." → "us") and the initials of runs of
    capitalised words ("Environmental Protection Agency" → "epa")."""
    found = {m.replace(".", "").lower() for m in re.findall(r"\b(?:[A-Za-z]\.){2,}", text)}
    for run, number in re.findall(r"([A-Z][a-z]+(?:\s+(?:of\s+|and\s+|the\s+)?[A-Z][a-z]+)+)(?:\s+(\d+)\b)?", text):
        letters = "".join(w[0] for w in run.split() if w[0].isupper()).lower()
        found |= {letters, letters + number}  # "Internet Explorer 6" is "IE6" too
    return frozenset(found)


_NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")


def negated_roots(content: list[str]) -> frozenset[str]:
    """Words the sentence's negative-prefixed words deny, where WordNet confirms the opposition."""
    found = set()
    for word in content:
        for prefix in _NEGATIVE_PREFIXES:
            root = word[len(prefix):]
            if word.startswith(prefix) and len(root) > 2 and word in antonyms(root):
                found |= lemmas(root)
    return frozenset(found)


def spans(tokens) -> tuple[set[str], set[str]]:
    """The numbers and units that words for spans of time stand for: "decade" is 10 years."""
    found, units = set(), set()
    for token in tokens:
        if token in _SPANS:
            number, unit = _SPANS[token]
            found.add(number)
            units |= {unit, unit + "s"}
    return found, units


def claim_numbers(claim: str, passage: Passage) -> set[str]:
    """The numbers a claim states, less the number words that state no number here.

    "once" as a conjunction ("once it emerged") is no count; "first" may be said "initial" (a
    WordNet synonym in the sentence); and a count of what the claim itself lists ("Aleppo and
    Hama, two key cities") adds nothing to what it names.
    """
    values = number_values(claim)
    doc = parse(claim)
    if doc is None:
        return values
    stated = set(numbers(claim))
    for token in doc:
        word = token.lower_
        if word not in _NUMBER_WORDS or _NUMBER_WORDS[word] in stated:
            continue
        # "the largest one" counts nothing: "one" standing for a noun is no number, nor is "first"
        # in "at first" (initially).
        if (word == "once" and token.dep_ == "mark" or word == "one" and _stands_for_a_noun(token)
                or word == "first" and token.i > 0 and doc[token.i - 1].lower_ == "at"
                or word in _ORDINARY_NUMBER_WORDS and synonyms(word) & passage.forms - set(_NUMBER_WORDS)
                or _counts_its_list(token)):
            values.discard(_NUMBER_WORDS[word])
    return values


def other_times(unit: str) -> set[str]:
    """The units of time other than this one: "second" and "seconds" for "minutes"."""
    return {t for t in _TIMES if stem(t) != stem(unit)}


def seasons(text: str) -> set[str]:
    """The seasons a text dates by: "spring" the noun, not "spring up"."""
    if not _SEASONS & set(split_words(text)):
        return set()
    doc = parse(text)
    return {t.lower_ for t in doc if t.lower_ in _SEASONS and t.pos_ in ("NOUN", "PROPN")} if doc is not None else set()


def _stands_for_a_noun(one) -> bool:
    """Whether "one" is a pronoun for a noun said before: "the largest one", "a new one", or "one of
    NASA's missions" (a NASA mission)."""
    return one.pos_ in ("NOUN", "PRON") or any(
        c.dep_ in ("det", "amod") or c.dep_ == "prep" and c.lower_ == "of" for c in one.children)


def _counts_its_list(number) -> bool:
    """Whether a number word counts the coordinated names its noun stands beside: "Aleppo and Hama,
    two key cities", "the two cities, Aleppo and Hama"."""
    value = _NUMBER_WORDS.get(number.lower_, "")
    if number.dep_ != "nummod" or not value.isdigit():
        return False
    noun = number.head
    listed = [noun.head] if noun.dep_ == "appos" else [c for c in noun.children if c.dep_ == "appos"]
    return any(len(item.conjuncts) + 1 == int(value) for item in listed)


def split_words(text: str) -> list[str]:
    """Lowercase words, with hyphenated compounds also split into their parts."""
    found = []
    for word in words(text):
        found.append(word)
        if "-" in word:
            found += [part for part in word.split("-") if part]
    return found


_COMPOUND_NUMBER = re.compile(r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](one|two|three|four|"
                              r"five|six|seven|eight|nine)\b", re.I)


def number_values(text: str) -> set[str]:
    """Numbers written in digits or words, normalised: "nine" and "9" are one value, "twenty-four"
    and "24"."""
    text = _COMPOUND_NUMBER.sub(lambda m: str(int(_NUMBER_WORDS[m.group(1).lower()])
                                              + int(_NUMBER_WORDS[m.group(2).lower()])), text)
    values = numbers(text)
    spelled = [w.removesuffix("s") if w.removesuffix("s") in _NUMBER_WORDS else w for w in split_words(text)]
    values |= {_NUMBER_WORDS[w] for w in spelled if w in _NUMBER_WORDS}
    return values


def names(text: str) -> list[str]:
    """Lowercase names in a sentence: capitalised words, the first one only if it is not a common word."""
    # Letters of any alphabet ("Ichiyō"); "3D" is a number and its unit, not the name "D".
    tokens = re.findall(r"(?<![\w'’-])[^\W\d_][\w'’\-]*", text)
    found = [t for t in tokens[1:] if t[0].isupper() and t.lower() not in STOPWORDS]
    if tokens and tokens[0][0].isupper() and _proper_first(tokens[0], text):
        found.insert(0, tokens[0])
    return [n.lower().replace("’", "'").removesuffix("'s") for n in found]


def _proper_first(token: str, text: str) -> bool:
    word = token.lower()
    if word in STOPWORDS or word in _NUMBER_WORDS or word in _EXACT:
        return False
    doc = parse(text)
    if doc is not None and doc[0].pos_ != "PROPN":
        return False
    return not wordnet().common(word)


class Entailment:
    """Judges one claim against one evidence sentence."""

    def __init__(self, similar: Callable[[list[str], list[str]], np.ndarray] | None = None,
                 coverage_min: float = COVERAGE_MIN, max_unmatched: int = MAX_UNMATCHED):
        self.lexicon = Lexicon(similar)
        self.coverage_min = coverage_min
        self.max_unmatched = max_unmatched

    def warm_up(self) -> None:
        """Load the parser and WordNet's indexes now rather than on the first draft (about a second)."""
        self.judge("The rebels took the city.", "The rebels captured the city.")

    def judge(self, claim: str, sentence: str, context: str = "") -> Judgement:
        """Supported, or the first distortion found: number, date, name, negation, antonym,
        swapped_role, merge (a cause the sentence does not give) or added_detail.

        ``context`` is the text just before the sentence in its document: when the sentence says
        "it" or "his", the claim may name who that is, if the context names them.
        """
        passage = passage_of(sentence)
        referents = passage_of(context) if context and refers_back(sentence) else None
        names_test = partial(self.names, referents=referents, context=context)
        for test in (self.numbers, names_test, self.roles, self.attachments, self.negation,
                     self.antonym, self.cause, self.modifiers,
                     partial(self.coverage, referents=referents, context=context)):
            judgement = test(claim, passage)
            if judgement is not None:
                return judgement
        return Judgement(True)

    def numbers(self, claim: str, passage: Passage) -> Judgement | None:
        measured = bool(passage.numbers) or bool(passage.exact & _UNITS)
        held, held_units = spans(passage.tokens)
        held |= passage.numbers
        held_units |= passage.exact
        missing = claim_numbers(claim, passage) - held
        # Capitalised: "May" is a month, "may" is not.
        dates = {w.lower() for w in re.findall(r"[A-Z][a-z]+", claim) if w.lower() in _CALENDAR}
        dates |= seasons(claim)
        dates -= passage.exact
        units = {w for w in split_words(claim) if w in _UNITS and measured} - held_units
        # Another unit of time is never the same measure, though WordNet puts "minute" and
        # "second" in one synset ("a short time"); "km" is "kilometres".
        units = {u for u in units if not (synonyms(u) & passage.forms - other_times(u))}
        # "a decade" is "ten years" when the sentence says ten years.
        units = {u for u in units if not (spans([u])[0] <= held and spans([u])[1] & held_units)}
        if not missing and not dates and not units:
            return None
        dated = dates or units - _MEASURES or any(re.fullmatch(r"1[89]\d\d|20\d\d", n) for n in missing)
        return Judgement(False, "date" if dated else "number", " ".join(sorted(missing | dates | units)))

    def names(self, claim: str, passage: Passage, referents: Passage | None = None,
              context: str = "") -> Judgement | None:
        missing = [n for n in names(claim) if not holds_name(n, passage)
                   and not (referents is not None and holds_name(n, referents))
                   and not shortened(n, passage, context)]
        return Judgement(False, "name", " ".join(missing)) if missing else None

    def negation(self, claim: str, passage: Passage) -> Judgement | None:
        said = self.negated(claim, passage.text)
        source = self.negated(passage.text, claim)
        if said == source == 0:
            return None
        if said == source:
            # Alike, unless one side denies its negation again: "did not lose the ability" is
            # "was able", not "was unable".
            if (self.implied_negations(claim, passage.text, predicates=True)
                    == self.implied_negations(passage.text, claim, predicates=True)):
                return None
            return Judgement(False, "negation", f"{said} negation(s) on each side, one denied again")
        # The side with fewer negations may say the same with a word that means one: "lost the
        # ability" is "became unable", "acquitted" is "declared not guilty".
        more, fewer = (claim, passage.text) if said > source else (passage.text, claim)
        if self.implied_negations(fewer, more) >= abs(said - source):
            return None
        return Judgement(False, "negation", f"{said} negation(s) in the claim, {source} in the source")

    def negated(self, text: str, other: str) -> int:
        """Negations in text that bear on what the other text also talks about (said in its words:
        a word merely close in meaning is too loose to tie a negation to)."""
        doc = parse(text)
        if doc is not None:
            return len(self.negations(doc, other))
        other_passage = passage_of(other)
        count = 0
        tokens = split_words(text)
        for i, token in enumerate(tokens):
            if token in NEGATIONS or token.endswith("n't"):
                near = [t for t in tokens[i + 1:i + 7] if t not in STOPWORDS]
                count += any(self.lexicon.matches(t, other_passage, close=False) for t in near)
        return count

    def negations(self, doc, other: str) -> list:
        """The negation tokens of a parse that bear on what the other text talks about."""
        other_passage = passage_of(other)
        found = []
        for token in doc:
            if is_negation(token):
                scope = token
                # spaCy makes a new Token on every access: positions compare, identities do not.
                while scope.pos_ not in ("VERB", "AUX") and scope.head.i != scope.i:
                    scope = scope.head  # "no injuries were reported": the clause of the verb
                # "no injuries": the noun it qualifies is denied too.
                denied = [] if token.pos_ in ("VERB", "AUX") else [token.head]
                around = [t.lower_ for t in core(scope) + denied
                          if wordlike(t) and t.lower_ not in STOPWORDS and t != token]
                if any(self.lexicon.matches(t, other_passage, close=False) for t in around):
                    found.append(token)
        return found

    def implied_negations(self, text: str, negating: str, predicates: bool = False) -> int:
        """Words of text defined by a denial (WordNet) that say what the other text's negations say.

        Such a word ("ignoring") is not in the other text as itself, its clause is about what that
        text talks about, and what those negations deny ("listening") is not said, plainly,
        elsewhere in this text: "did not capture Homs" is no paraphrase of "ignored the warning and
        captured Homs". With ``predicates``, only verbs and predicate adjectives count: what the
        sentence asserts, not how it describes a noun ("anti-government fighters").
        """
        doc, other_doc = parse(text), parse(negating)
        if doc is None or other_doc is None:
            return 0
        other_passage = passage_of(negating)
        denied = [denied_word(t) for t in self.negations(other_doc, text)]
        denied = [w for w in denied if w.is_alpha and w.lower_ not in STOPWORDS and w.lower_ not in NEGATIONS]
        count = 0
        for token in doc:
            word = token.lower_
            if predicates and not (token.pos_ == "VERB" or token.dep_ in ("acomp", "ROOT")):
                continue
            if (not token.is_alpha or word in STOPWORDS or word in NEGATIONS
                    or said_alike(word, other_passage) or derived_in(word, other_passage)
                    or not denies(word, _WORDNET_POS.get(token.pos_))):
                continue
            words_of = clause(token) + (clause(token.head) if token.dep_ == "conj" else [])
            around = [t.lower_ for t in words_of if wordlike(t) and t.lower_ not in STOPWORDS and t != token]
            if (any(self.lexicon.matches(t, other_passage, close=False) for t in around)
                    and not any(self.said_apart(w.lower_, token, doc) for w in denied)):
                count += 1
        return count

    def said_apart(self, word: str, implicit, doc) -> bool:
        """Whether the word is in the parse other than as what the implicit negative governs
        ("lost the ability to move" governs "move"; "ignored the warning and captured Homs" does
        not govern "captured": a conjunction starts another statement)."""
        governed = {t.i for t in implicit.subtree}
        for other in doc:
            # Said plainly: as itself or an inflection ("using" is not said by "users").
            if other.i == implicit.i or not (lemmas(word) & lemmas(other.lower_) or stem(word) == stem(other.lower_)):
                continue
            between = doc[min(other.i, implicit.i):max(other.i, implicit.i)]
            if other.i not in governed or any(t.pos_ == "CCONJ" for t in between):
                return True
        return False

    def antonym(self, claim: str, passage: Passage) -> Judgement | None:
        said = passage_of(claim).forms | set(split_words(claim))
        comparatives = [w for w in split_words(claim) if w in _COMPARATIVES]
        for word in content_of(claim) + comparatives:
            # Held as itself or by a word of its synset ("fell" by "declined"): an opposite elsewhere
            # in the sentence is about something else, unless it carries the claim's own modifiers.
            held = word in passage.exact or said_as(word, claim, passage)
            if held and not self.attached_to_opposite(word, claim, passage):
                continue
            # "Not reachable" says what "unreachable" says; the negation check counts the rest.
            if negated_in(word, passage_of(claim)):
                continue
            # An opposite the claim says too is the claim's own word ("cut staff, raised prices").
            # Comparatives are stopwords ("more", "most"), and an opposite may be said as an
            # adverb ("hard to fix" against "easily fixed").
            candidates = antonyms(word) & (passage.forms | passage.exact | derived_forms(passage)) - said
            candidates |= {f"un{word}"} & passage.exact if denies(f"un{word}") else set()  # "unreachable"
            opposite = {o for o in candidates
                        if not negated_in(o, passage) and self.opposed_in_use(word, o, claim, passage)}
            if opposite:
                return Judgement(False, "antonym", f"{word} / {sorted(opposite)[0]}")
        return None

    def opposed_in_use(self, word: str, opposite: str, claim: str, passage: Passage) -> bool:
        """Whether the opposite, as the sentence uses it, opposes the claim's word: the same part of
        speech ("raise" the verb is not opposed by "levels" the noun), and, for two verbs, the same
        actor: "the anniversary fell on …" is not opposed by "Gagarin lifted off"."""
        claim_doc, source_doc = parse(claim), parse(passage.text)
        if claim_doc is None or source_doc is None:
            return True
        if opposite == f"un{word}":
            return True
        used = [t for t in source_doc if opposite in lemmas(t.lower_) | pertainyms(t.lower_)
                and not (t.i > 0 and t.doc[t.i - 1].lower_ == "at")]  # "at least one" is a bound
        # Opposed in the part of speech the sentence uses, read either way ("concentrated" names
        # "diluted" as its opposite, "diluted" the adjective names only "undiluted").
        used = [t for t in used if t.pos_ not in _WORDNET_POS
                or lemmas(word) & antonyms(t.lower_, _WORDNET_POS[t.pos_])
                or lemmas(t.lower_) & antonyms(word, _WORDNET_POS[t.pos_])
                or pertainyms(t.lower_) & antonyms(word)]
        if not used:
            return False
        mine = [t for t in claim_doc if t.lower_ == word and t.pos_ == "VERB"]
        if not mine or any(t.pos_ != "VERB" for t in used):
            return True
        claimed, said = arguments(claim_doc), arguments(source_doc)
        for m in mine:
            for t in used:
                these = claimed.get((m.lemma_.lower(), m.i), {}).get("actor", set())
                those = said.get((t.lemma_.lower(), t.i), {}).get("actor", set())
                # Converses: who takes is whom it was given to ("if given to a healthy person" is
                # "if a healthy person took them"), who buys is whom it was sold to.
                if self.overlap(these - {PRONOUN}, said.get((t.lemma_.lower(), t.i), {}).get("oblique", set())) > 0:
                    continue
                # Without an actor named on both sides (a pronoun names none), it may be the same event.
                if not these or not those or PRONOUN in these | those or self.overlap(these, those) > 0:
                    return True
        return False

    def attached_to_opposite(self, word: str, claim: str, passage: Passage) -> bool:
        """The claim's word is in the sentence, but what it says of it the sentence says of its opposite.

        "Gloria temporarily worsened" against "Gloria temporarily improved …, and she consistently
        worsened": "temporarily" belongs to "improved" there.
        """
        claim_doc, source_doc = parse(claim), parse(passage.text)
        if claim_doc is None or source_doc is None or not antonyms(word) & passage.forms:
            return False
        heads = [t for t in claim_doc if t.lower_ == word]
        modifiers = {c.lower_ for h in heads for c in h.children if c.dep_ in ("advmod", "npadvmod")}
        for token in source_doc:
            if lemmas(token.lower_) & antonyms(word):
                beside = {c.lower_ for c in token.children if c.dep_ in ("advmod", "npadvmod")}
                if modifiers & beside:
                    return True
        return False

    def roles(self, claim: str, passage: Passage) -> Judgement | None:
        claim_doc, source_doc = parse(claim), parse(passage.text)
        if claim_doc is None or source_doc is None:
            return None
        source_verbs = arguments(source_doc)
        for verb, claimed in arguments(claim_doc).items():
            # The same verb about other things is another event ("Belgium defeated Panama").
            found = [(v, args) for v, args in source_verbs.items()
                     if self.same_word(verb[0], v[0]) and self.shares(claimed, args)]
            if found and all(self.conflict(claimed, args, v[1], source_doc)
                             and not (verb[0] in _RECIPROCAL and self.exchanged(claimed, args, passage))
                             for v, args in found):
                return Judgement(False, "swapped_role", verb[0])
        return None

    def attachments(self, claim: str, passage: Passage) -> Judgement | None:
        """Two words of the sentence that the claim hangs each on the other's partner: "a CBC
        document … gave it to Environment Canada" for "an Environment Canada document … gave it to
        the CBC"; "Aleppo in the centre and Hama in the north". All four words are the sentence's
        own, so word matching sees nothing amiss; a reordering or a change of voice keeps each
        word on its partner."""
        claim_doc, source_doc = parse(claim), parse(passage.text)
        if claim_doc is None or source_doc is None:
            return None
        claimed, said = links(claim_doc), links(source_doc)
        changed = claimed.keys() - said.keys()
        for a, b in changed:
            for c, d in changed:
                if a == c or b == d or (a, d) not in said or (c, b) not in said:
                    continue
                # When the two heads trade places themselves, the heads were exchanged, words and
                # all: "fishermen saved … on Friday, and the navy rescued" for "on Friday, fishermen
                # rescued …, and the navy saved".
                if traded(a, c, claimed, said) or same_phrase(b, d, claimed) or same_phrase(b, d, said):
                    continue
                return Judgement(False, "swapped_role", f"{b} / {d}")
        return None

    def conflict(self, claimed: dict[str, set[str]], source: dict[str, set[str]], at: int, doc) -> bool:
        """Whether the claim's actor or patient of a verb is not who or what the sentence says.

        Three ways: the two are exchanged; the sentence names another one; or the sentence has a
        pronoun there and the claim's word comes only after the verb, so it cannot be what the
        pronoun stands for ("… kept them busy, paving the way for the rebels").
        """
        for role, other in (("actor", "patient"), ("patient", "actor"), ("actor", "oblique"),
                            ("origin", "goal"), ("goal", "origin")):
            mine = claimed[role] - {PRONOUN}
            if mine and self.overlap(mine, source[other]) > self.overlap(mine, source[role]) \
                    and self.overlap(claimed[other] - {PRONOUN}, source[role]) > 0:
                return True
        for role, kept in (("actor", "patient"), ("patient", "actor")):
            mine, theirs = claimed[role] - {PRONOUN}, source[role]
            # Only the same event can have its actor or patient changed: the other one must agree.
            if not mine or not theirs or self.overlap(claimed[kept] - {PRONOUN}, source[kept]) == 0:
                continue
            if theirs == {PRONOUN}:
                before = passage_of(" ".join(t.text for t in doc[:at]))
                if not any(self.lexicon.matches(w, before) for w in mine):
                    return True
            elif self.overlap(mine, theirs - {PRONOUN}) == 0:
                return True
        return False

    def exchanged(self, claimed: dict[str, set[str]], source: dict[str, set[str]], passage: Passage) -> bool:
        """Whether the claim names a reciprocal verb's two parties in the other order: the patient
        and what it goes "with" or "to" (which the parser may hang on the patient instead of the
        verb), or, with no such third word, the actor and the patient."""
        mine, theirs = ({role: words - {PRONOUN} for role, words in args.items()} for args in (claimed, source))
        if mine["oblique"] and self.overlap(mine["oblique"], theirs["patient"]) > 0:
            return self.overlap(mine["patient"], theirs["oblique"]) > 0 or not theirs["oblique"] and all(
                self.lexicon.matches(w, passage, close=False) for w in mine["patient"])
        return (not mine["oblique"] and not theirs["oblique"] and self.overlap(mine["actor"], theirs["patient"]) > 0
                and self.overlap(mine["patient"], theirs["actor"]) > 0)

    def shares(self, claimed: dict[str, set[str]], source: dict[str, set[str]]) -> bool:
        """Whether any word of the claim's arguments is among the sentence verb's arguments."""
        mine = set().union(*claimed.values()) - {PRONOUN}
        theirs = set().union(*source.values()) - {PRONOUN}
        # Said in its words: the embedder finds "Sweden" close to "Belgium", another match.
        return self.overlap(mine, theirs, close=False) > 0

    def overlap(self, these: set[str], those: set[str], close: bool = True) -> float:
        if not these or not those:
            return 0.0
        target = passage_of(" ".join(sorted(those)))
        return sum(self.lexicon.matches(w, target, close) for w in these) / len(these)

    def same_word(self, a: str, b: str) -> bool:
        return a == b or bool(lemmas(a) & lemmas(b)) or bool(synonyms(a) & lemmas(b))

    def modifiers(self, claim: str, passage: Passage) -> Judgement | None:
        """A noun the sentence qualifies one way, the claim another: "maize crops" for "soybean
        crops". The word before the noun in the claim is not in the sentence (in its words: the
        embedder finds "maize" close to "soybean"), and the sentence's modifier of that noun is
        not in the claim. The claim is read word by word: the parser takes "to maize crops" for a verb.
        """
        claim_doc, source_doc = parse(claim), parse(passage.text)
        if claim_doc is None or source_doc is None:
            return None
        claim_passage = passage_of(claim)
        for noun in (t for t in source_doc if t.pos_ == "NOUN"):
            # Names are the names check's, and a participle ("recently released") is said many ways
            # ("new"): a common noun or adjective is replaced by one of its own kind.
            replaced = [m for m in noun.children if m.dep_ in _MODIFIER_DEPS and m.pos_ in ("NOUN", "ADJ")
                        and m.is_alpha and not m.is_stop
                        and not self.lexicon.matches(m.lower_, claim_passage, close=False)]
            for modifier in replaced:
                kind = "n" if modifier.dep_ == "compound" else "a"
                for token in claim_doc[1:]:
                    before = claim_doc[token.i - 1]
                    # Another derivation of the sentence's word says it too ("sizeable" for
                    # "appreciably sized"); a word merely close in meaning may be another of its kind.
                    if (lemmas(token.lower_) & lemmas(noun.lower_) and before.is_alpha and not before.is_stop
                            and modifies(before) and wordnet().base_forms(before.lower_, kind)
                            and not self.lexicon.matches(before.lower_, passage, close=False)
                            and not derived_in(before.lower_, passage)):
                        return Judgement(False, "swapped_role", f"{before.lower_} / {modifier.lower_}")
        return None

    def cause(self, claim: str, passage: Passage) -> Judgement | None:
        given = CAUSAL.search(claim)
        if given and not CAUSAL.search(passage.text):
            return Judgement(False, "merge", given.group(0))
        return None

    def denial_matches(self, content: list[str], passage: Passage) -> set[str]:
        """Claim words that say with a denial what the sentence says with a negation (the negation
        check has found both sides deny alike): "ignoring" for "not listening", "ability" in "lost
        the ability" for "unable"."""
        if not (passage.exact & NEGATIONS or passage.roots or any(t.endswith("n't") for t in passage.tokens)):
            return set()
        found = {w for w in content if denies(w)}
        return found | {w for w in content if synonyms(w) & passage.roots}

    def coverage(self, claim: str, passage: Passage, referents: Passage | None = None,
                 context: str = "") -> Judgement | None:
        content = [w for w in content_of(claim) if w not in function_words(claim)]
        if not content:
            return Judgement(False, "added_detail", "no content words")
        phrased = phrase_matches(claim, passage) | self.denial_matches(content, passage)
        if referents is not None:  # who "it" or "his" is, named by the sentence before
            phrased |= {w for n in names(claim) if holds_name(n, referents) for w in split_words(n)}
        phrased |= {n for n in names(claim) if shortened(n, passage, context)}
        unmatched = [w for w in content if w not in phrased and not self.lexicon.matches(w, passage)
                     and not self.lexicon.defines(w, passage)]
        share = 1 - len(unmatched) / len(content)
        if len(unmatched) <= 1 or (share >= self.coverage_min and len(unmatched) <= self.max_unmatched):
            return None
        return Judgement(False, "added_detail", " ".join(unmatched))


# Parts of speech that relate content words rather than add one: "like" vehicles, "inside" the
# shuttles, "whether". What they relate is checked word by word; the antonym check still reads them,
# and a negation ("without") is a word of meaning.
_FUNCTION_POS = frozenset("ADP SCONJ CCONJ DET PRON PART AUX".split())


def function_words(claim: str) -> set[str]:
    """The claim's words that the parse takes for function words wherever they occur in it."""
    doc = parse(claim)
    if doc is None:
        return set()
    tags: dict[str, set[str]] = {}
    for token in doc:
        tags.setdefault(token.lower_, set()).add(token.pos_)
    return {word for word, pos in tags.items() if pos <= _FUNCTION_POS and word not in NEGATIONS}


def holds_name(name: str, passage: Passage) -> bool:
    """Whether the passage names it: as written, stemmed, spelled otherwise, as its people or place
    (Russia/Russian), as an abbreviation (U.S., EPA) or by a WordNet synonym."""
    if "-" in name and all(holds_name(part, passage) for part in name.split("-") if part):
        return True  # "English-born" for "born in England"
    return bool(set(split_words(name)) <= passage.exact | passage.stems
                or stem(name) in passage.stems or spelling(name) in {spelling(t) for t in passage.tokens}
                or any(same_root(stem(name), s) for s in passage.stems | passage.initials)
                or synonyms(name) & passage.forms - lemmas(name) - STOPWORDS
                or name in passage.initials)


def shortened(name: str, passage: Passage, context: str) -> bool:
    """Whether the sentence says part of a name the sentence before it gives whole, and the claim's
    name is the rest: "the South" after "South Korea", "the Court" after "the Supreme Court"."""
    held = set(names(passage.text))
    for whole in re.findall(r"[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)+", context):
        parts = [w.lower().replace("’", "'").removesuffix("'s") for w in whole.split()]
        if name in parts and held & (set(parts) - {name, "of"}):
            return True
    return False


# Pronouns that stand for someone or something named before; "I", "we" and "you" are the speakers.
_REFERRING = frozenset("he him his she her hers it its they them their theirs".split())


def refers_back(sentence: str) -> bool:
    """Whether the sentence speaks of someone or something by a pronoun that stands for a name."""
    return bool(_REFERRING & set(split_words(sentence)))


def phrase_matches(claim: str, passage: Passage) -> set[str]:
    """The claim's words that form a WordNet phrase the sentence says in other words: "sent back"
    for "returned", "on board" for "aboard", "in time" for "eventually"."""
    tokens = split_words(claim)
    found: set[str] = set()
    for n in (3, 2):
        for i in range(len(tokens) - n + 1):
            entry = collocation(tuple(tokens[i:i + n]))
            if entry and (entry in passage.forms or (synonyms(entry) - {entry}) & passage.forms):
                found.update(tokens[i:i + n])
    return found


_CORE_DEPS = frozenset("nsubj nsubjpass dobj attr acomp xcomp oprd agent dative".split())


def core(verb) -> list:
    """What a negation of the verb denies: the verb, the heads of its arguments and its prepositional
    phrases, not the modifiers of its arguments nor clauses hung on it ("it was damning that the
    Home Office isn't doing this" denies nothing of "the shadow home secretary")."""
    found = [verb]
    for child in verb.children:
        if child.dep_ in _CORE_DEPS:
            found.append(child)  # and what it is of, to or for: "no passenger train service to Tulsa"
            found += [c for c in child.children if c.dep_ in ("dobj", "pobj")]
            found += [o for c in child.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
        elif child.dep_ == "prep":
            found += [t for t in child.subtree if t.dep_ not in ("compound", "amod", "poss")]
    return found


def same_phrase(b: str, d: str, linked: dict) -> bool:
    """Whether two words name one thing in a parse: one hangs on the other, or both on the same
    word ("Sky+ HD, its HDTV service"; "Tunisia coach Nabil Maaloul"), so their order is free."""
    if (b, d) in linked or (d, b) in linked:
        return True
    return bool({h for h, x in linked if x == b} & {h for h, x in linked if x == d})


def traded(a: str, c: str, claimed: dict, said: dict) -> bool:
    """Whether two words trade places between two parses: each hangs on the other the other way
    round, or each hangs, in the same role, where the other hangs in the other parse."""
    if (a, c) in claimed and (c, a) in said or (c, a) in claimed and (a, c) in said:
        return True
    return any(h == a and (p, c) in said and said[(p, c)] == role and (p, a) not in said
               for (p, h), role in claimed.items())


def derived_forms(passage: Passage) -> frozenset[str]:
    """The adjectives the sentence's adverbs are made from: "easy" for "easily"."""
    return frozenset().union(*(pertainyms(t) for t in passage.content)) if passage.content else frozenset()


def wordlike(token) -> bool:
    """Whether a parsed token is a word, names with digits included ("IE6", "STS-133")."""
    return any(ch.isalpha() for ch in token.text)


def said_as(word: str, claim: str, passage: Passage) -> bool:
    """Whether the sentence says the claim's word as itself or by a word of its synset used as the
    same part of speech: "fell" by "declined", but "risen" not by "surface ozone"."""
    if lemmas(word) & passage.forms:
        return True
    claim_doc, source_doc = parse(claim), parse(passage.text)
    if claim_doc is None or source_doc is None:
        return False
    for pos in {_WORDNET_POS.get(t.pos_) for t in claim_doc if t.lower_ == word} - {None}:
        mates = synset_mates(word, pos)
        # A noun and a verb that are one word say one thing: "a rise in velocity" is "the velocity
        # increases", "increase" being a synset mate of "rise" as a noun and as a verb.
        alike = {pos} | ({"n", "v"} if pos in ("n", "v") else set())
        if any(lemmas(t.lower_) & mates & synset_mates(word, _WORDNET_POS[t.pos_]) for t in source_doc
               if _WORDNET_POS.get(t.pos_) in alike):
            return True
    return False


def said_alike(word: str, passage: Passage) -> bool:
    """Whether the passage holds the word, or a word of its synset that is no negation itself: a
    denying word the other side says too adds no denial of its own ("allowed", defined by "lack of
    action", against "permitted"), but "not guilty" is what "acquitted" denies with."""
    if lemmas(word) & passage.forms:
        return True
    return any(not set(form.split("_")) & NEGATIONS for form in synset_mates(word) & passage.forms)


def denies(word: str, pos: str | None = None) -> bool:
    """Whether a word says what a negation says: defined by a denial ("ignore", "lack"), one of the
    denying verbs in other words in its first sense ("quit" is "stop"; "keep" only rarely is), or a
    negative prefix on its own opposite ("unhappy", "unable") or on an adjective ("unreachable")."""
    if implicitly_negative(word, pos) or first_sense_mates(word, pos) & _DENYING_VERBS:
        return True
    # "un" before an adjective WordNet knows denies it, listed opposite or not: "unreachable".
    if word.startswith("un") and len(word) > 6 and wordnet().base_forms(word[2:], "a"):
        return True
    return any(word.startswith(prefix) and len(word) - len(prefix) > 2 and word in antonyms(word[len(prefix):])
               for prefix in _NEGATIVE_PREFIXES)


def is_negation(token) -> bool:
    """Whether a parsed word denies: a negation word, or a noun made from a denying verb ("failure",
    "refusal", "denial", "prevention")."""
    if token.lemma_.lower() in NEGATIONS or token.lower_ in NEGATIONS or token.dep_ == "neg":
        return True
    return token.pos_ == "NOUN" and any(
        stem(token.lower_).startswith(stem(verb)) and verb in synonyms(token.lower_) for verb in _DENYING_VERBS)


def denied_word(negation):
    """What a negation denies: "not listening" → listening, "unable to move" → move, "without
    citizenship" → citizenship, "no injuries" → injuries."""
    for child in negation.children:
        if child.dep_ in ("xcomp", "pobj"):
            return child
    return negation.head if negation.dep_ in ("neg", "det", "advmod") else negation


def modifies(token) -> bool:
    """Whether a word before a noun may qualify it: a noun or adjective, or a word the parser took
    for a verb that WordNet knows as no verb ("maize")."""
    if token.pos_ in ("NOUN", "PROPN", "ADJ"):
        return True
    return token.pos_ == "VERB" and wordnet().available and not wordnet().base_forms(token.lower_, "v")


def derived_in(word: str, passage: Passage) -> bool:
    """Whether the passage holds the word in another derivation: "slowly" in "not slow"."""
    root = stem(word)
    return any(len(s) >= 4 and (root.startswith(s) or s.startswith(root)) for s in passage.stems)


def clause(token) -> list:
    """The words of the clause a token belongs to: from its verb down, without coordinated clauses
    ("ignored the warning and captured Homs": "captured Homs" is another clause)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    skip = {t.i for c in token.children if c.dep_ == "conj" for t in c.subtree}
    return [t for t in token.subtree if t.i not in skip]


def negated_in(word: str, passage: Passage) -> bool:
    """Whether the word comes right after a negation in the passage: "not guilty" means acquitted."""
    tokens = passage.tokens
    return any(word in lemmas(t) and any(p in NEGATIONS for p in tokens[max(0, i - 2):i])
               for i, t in enumerate(tokens))


def content_of(text: str) -> list[str]:
    """The claim's content words that must be found: no stopwords, light adverbs or compounds' wholes."""
    found = []
    for word in words(text):
        parts = [p for p in word.split("-") if p] if "-" in word else [word]
        # "won't", "isn't": an auxiliary and the negation, which the negation check reads.
        found += [p for p in parts if p not in STOPWORDS and p not in _LIGHT and len(p) > 1
                  and not p.isdigit() and not p.endswith("n't")]
    return list(dict.fromkeys(found))
