"""Word meaning for the verifier: synonyms and antonyms from WordNet 3.0, base forms, spellings.

WordNet is read from Debian's ``wordnet-base`` files (``/usr/share/wordnet``, installed by the
Makefile); ``RAG_WORDNET_DIR`` points elsewhere. Without it the lexicon falls back to a short table
of antonyms common in reports, and synonyms come only from spelling and the embedder.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from rag.text import STOPWORDS

WORDNET_DIR = Path(os.environ.get("RAG_WORDNET_DIR", "/usr/share/wordnet"))
POS = ("n", "v", "a", "r")
_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# WordNet's own detachment rules (morphy): inflected ending → base ending, per part of speech.
_RULES = {
    "n": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
          ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}
# Pointers that keep the meaning close enough for a paraphrase: similar adjectives, derivations
# (deficient/deficiency), pertainyms (mildly/mild), participles, verb groups.
_CLOSE = {"&", "+", "\\", "<", "$"}
# Opposites reports turn on, for when WordNet is absent or words its antonyms miss.
_OPPOSITES = (
    "increase decrease", "increase decline", "increase fall", "increase drop", "rise fall",
    "rise decline", "rise drop", "grow shrink", "grow decline", "expand shrink", "improve worsen",
    "improve deteriorate", "high low", "lift impose", "open close", "win lose", "gain lose",
    "more less", "most least", "before after", "accept reject", "allow ban", "allow forbid",
    "allow prohibit", "support oppose", "strengthen weaken", "early late", "first last",
    "major minor", "majority minority", "north south", "east west", "succeed fail", "success failure",
    "agree disagree", "legal illegal", "guilty innocent", "alive dead", "acquit convict",
    "enter leave", "arrive depart", "fast slow", "quickly slowly", "large small", "big small",
    "strong weak", "cheap expensive", "safe dangerous", "victory defeat", "add remove",
    "raise lower", "raise cut", "hire fire", "export import", "buy sell", "lend borrow",
    "maximum minimum", "upper lower", "inside outside", "ancient modern", "old new", "old young",
    "private public", "rural urban", "positive negative", "true false", "wet dry", "hot cold",
    "light heavy", "full empty", "start end", "begin end", "open shut", "heavily lightly",
    "lift extend", "lift maintain", "end extend", "end continue", "regain lose", "rise decrease",
    "rise reduce", "rise reduction", "increase reduce", "increase reduction", "increase cut",
    "grow reduce", "grow fall", "smooth rough", "above below", "exceed trail",
)


@lru_cache(maxsize=1)
def _opposites() -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for pair in _OPPOSITES:
        a, b = pair.split()
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    return table


def spelling(word: str) -> str:
    """One spelling for British and American variants and hyphenation: programme → program."""
    word = word.lower().replace("-", "").replace("’", "'")
    word = re.sub(r"(?<=\w{3})(is)(e|ed|es|er|ers|ing|ation|ations)$", r"iz\2", word)
    word = re.sub(r"(?<=\w{3})our(s|ed|ing|ite|ites|able)?$", r"or\1", word)
    word = re.sub(r"(?<=\w)(yre|yres)$", lambda m: "ire" + m.group(1)[3:], word)
    word = re.sub(r"(?<=\w{3})tre(s)?$", r"ter\1", word)
    word = re.sub(r"(?<=\w{3})ence$", "ense", word)
    word = re.sub(r"(?<=dg)ement(s)?$", r"ment\1", word)  # judgement, acknowledgement
    return re.sub(r"(?<=\w{4})mme(s)?$", r"m\1", word)


class WordNet:
    """A small reader of WordNet's index and data files: senses are looked up by byte offset."""

    def __init__(self, root: Path = WORDNET_DIR):
        self.root = Path(root)
        self.available = (self.root / "index.noun").is_file()
        self._indexes: dict[str, dict[str, tuple[int, ...]]] = {}
        self._exception_tables: dict[str, dict[str, list[str]]] = {}
        self._synsets: dict[tuple[str, int], tuple] = {}
        self._glosses: dict[tuple[str, int], str] = {}

    def _index(self, pos: str) -> dict[str, tuple[int, ...]]:
        if pos not in self._indexes:
            self._indexes[pos] = self._read_index(pos)
        return self._indexes[pos]

    def _read_index(self, pos: str) -> dict[str, tuple[int, ...]]:
        index = {}
        with open(self.root / f"index.{_FILES[pos]}", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith(" "):
                    continue
                fields = line.split()
                count = int(fields[2])
                index[fields[0]] = tuple(int(o) for o in fields[-count:])
        return index

    def _exceptions(self, pos: str) -> dict[str, list[str]]:
        if pos not in self._exception_tables:
            self._exception_tables[pos] = self._read_exceptions(pos)
        return self._exception_tables[pos]

    def _read_exceptions(self, pos: str) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        path = self.root / f"{_FILES[pos]}.exc"
        if path.is_file():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                inflected, *bases = line.split()
                table[inflected] = bases
        return table

    def synset(self, pos: str, offset: int) -> tuple[tuple[str, ...], tuple]:
        """(member words, pointers as (symbol, offset, pos, source, target)) of one synset."""
        key = (pos, offset)
        if key not in self._synsets:
            self._synsets[key] = self._read_synset(pos, offset)
        return self._synsets[key]

    def _read_line(self, pos: str, offset: int) -> str:
        with open(self.root / f"data.{_FILES[pos]}", "rb") as handle:
            handle.seek(offset)
            return handle.readline().decode("utf-8", "replace")

    def definition(self, pos: str, offset: int) -> str:
        """The synset's definition: its gloss up to the first example or second definition."""
        key = (pos, offset)
        if key not in self._glosses:
            gloss = self._read_line(pos, offset).partition(" | ")[2]
            self._glosses[key] = re.split(r';|"', gloss, maxsplit=1)[0].strip()
        return self._glosses[key]

    def _read_synset(self, pos: str, offset: int) -> tuple[tuple[str, ...], tuple]:
        # A data line: offset lexfile type word-count words… pointer-count pointers… | gloss
        fields = self._read_line(pos, offset).split(" | ")[0].split()
        count = int(fields[3], 16)
        members = tuple(fields[4 + 2 * i].split("(")[0] for i in range(count))
        at = 4 + 2 * count
        pointers = []
        for i in range(int(fields[at])):
            symbol, target, target_pos, link = fields[at + 1 + 4 * i: at + 5 + 4 * i]
            target_pos = "a" if target_pos == "s" else target_pos
            pointers.append((symbol, int(target), target_pos, int(link[:2], 16), int(link[2:], 16)))
        return members, tuple(pointers)

    def base_forms(self, word: str, pos: str) -> list[str]:
        """The word's dictionary forms for one part of speech (WordNet's morphy)."""
        word = word.lower()
        index = self._index(pos)
        found = [word] if word in index else []
        found += [b for b in self._exceptions(pos).get(word, []) if b in index]
        for ending, base in _RULES[pos]:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                candidate = word[: len(word) - len(ending)] + base
                if candidate in index:
                    found.append(candidate)
        return list(dict.fromkeys(found))

    def has(self, lemma: str) -> bool:
        """Whether WordNet lists the lemma (a word or a multiword expression written with "_")."""
        return self.available and any(lemma in self._index(pos) for pos in POS)

    def common(self, word: str) -> bool:
        """Whether the word is in WordNet written in lowercase: a common word, not only a name."""
        return self.available and any(
            word.lower() in self.synset(pos, offset)[0] for pos, offset, _ in self.senses(word)
        )

    def senses(self, word: str) -> list[tuple[str, int, str]]:
        """(part of speech, synset offset, base form) for every sense of the word."""
        return [
            (pos, offset, base)
            for pos in POS
            for base in self.base_forms(word, pos)
            for offset in self._index(pos)[base]
        ]


@lru_cache(maxsize=1)
def wordnet() -> WordNet:
    return WordNet()


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """The word, its spelling variant and its dictionary forms in every part of speech."""
    word = word.lower().strip("'’-")
    forms = {word, spelling(word)}
    net = wordnet()
    if net.available:
        forms |= {base for pos in POS for base in net.base_forms(word, pos)}
    return frozenset(forms)


@lru_cache(maxsize=65536)
def synonyms(word: str) -> frozenset[str]:
    """Words of the same or a closely related sense, in any part of speech (lowercase lemmas)."""
    found = set(lemmas(word))
    net = wordnet()
    if not net.available:
        return frozenset(found)
    for pos, offset, _ in net.senses(word):
        members, pointers = net.synset(pos, offset)
        found.update(m.lower() for m in members)
        for symbol, target, target_pos, _, _ in pointers:
            if symbol in _CLOSE:
                found.update(m.lower() for m in net.synset(target_pos, target)[0])
    return frozenset(found)


@lru_cache(maxsize=65536)
def antonyms(word: str, pos: str | None = None) -> frozenset[str]:
    """Words meaning the opposite: WordNet's antonyms with their synonyms, and the built-in table.

    With a part of speech ("n", "v", "a", "r"), only the senses of that part of speech count:
    "raise" the verb is the opposite of "level" the verb, not of "levels of carbon dioxide".
    """
    found = set()
    for form in lemmas(word):
        found |= _opposites().get(form, set())
    net = wordnet()
    if net.available:
        for sense_pos, offset, _ in net.senses(word):
            if pos is not None and sense_pos != pos:
                continue
            found |= _direct_antonyms(net, sense_pos, offset)
            # An adjective like "rising" has no antonym of its own, but its head ("increasing") has.
            for symbol, target, target_pos, _, _ in net.synset(sense_pos, offset)[1]:
                if symbol == "&":
                    found |= _direct_antonyms(net, target_pos, target)
    return frozenset(found - lemmas(word))


def _direct_antonyms(net: WordNet, pos: str, offset: int) -> set[str]:
    found = set()
    for symbol, target, target_pos, _, _ in net.synset(pos, offset)[1]:
        if symbol == "!":
            found.update(m.lower() for m in net.synset(target_pos, target)[0])
    return found


# Words a definition denies with: "acquit" is "pronounce not guilty", "stateless" is "without
# nationality", "ignore" is "refuse to acknowledge", "exclude" is "prevent from being included",
# "lack" is "the state of needing something that is absent".
_DENIALS = frozenset("not no never without lack lacking absent fail refuse prevent".split())


@lru_cache(maxsize=65536)
def implicitly_negative(word: str, pos: str | None = None) -> bool:
    """Whether the word's first sense, in its part of speech (``pos``, when the parse gives it) or
    in any, is defined by a denial ("still" the adverb is "with reference to action", the adjective
    "not in physical motion").

    Such a word says what a negation says with another word ("lost the ability" is "became
    unable"), so a negation on the other side is no distortion. Only the first sense counts: later
    senses are rarer, and almost every common verb has one rare sense defined by "fail".
    """
    return any(_DENIALS & set(re.findall(r"[a-z]+", d.lower())) for d in first_definitions(word, pos))


@lru_cache(maxsize=65536)
def collocation(tokens: tuple[str, ...]) -> str | None:
    """The WordNet entry that consecutive words make ("sent back" → "send_back"), or None.

    The first word is taken in its dictionary forms, the rest as written: phrasal verbs and fixed
    phrases ("on board", "in time", "break apart") inflect only their head.
    """
    net = wordnet()
    if not net.available or len(tokens) < 2:
        return None
    rest = "_".join(tokens[1:])
    for base in sorted(lemmas(tokens[0])):
        if net.has(f"{base}_{rest}"):
            return f"{base}_{rest}"
    return None


@lru_cache(maxsize=65536)
def synset_mates(word: str, pos: str | None = None) -> frozenset[str]:
    """Words sharing one of the word's synsets (of one part of speech, if given): the strictest
    synonymy WordNet gives."""
    net = wordnet()
    found = set(lemmas(word))
    if net.available:
        for sense_pos, offset, _ in net.senses(word):
            if pos is None or sense_pos == pos:
                found.update(m.lower() for m in net.synset(sense_pos, offset)[0])
    return frozenset(found)


@lru_cache(maxsize=65536)
def first_sense_mates(word: str, pos: str | None = None) -> frozenset[str]:
    """The members of the word's first (most frequent) synset in the part of speech given, or in
    each it has: "quit" is "stop" there, "keep" is "maintain", not "prevent"."""
    net = wordnet()
    found: set[str] = set()
    if not net.available:
        return frozenset(found)
    senses = net.senses(word)  # by part of speech, then base form, then frequency
    for part in (pos,) if pos else POS:
        first = next((offset for sense_pos, offset, _ in senses if sense_pos == part), None)
        if first is not None:
            found.update(m.lower() for m in net.synset(part, first)[0])
    return frozenset(found)


@lru_cache(maxsize=65536)
def pertainyms(word: str) -> frozenset[str]:
    """The adjectives an adverb is made from (WordNet's pertainyms): "easy" for "easily"."""
    net = wordnet()
    found: set[str] = set()
    if net.available:
        for pos, offset, _ in net.senses(word):
            members = net.synset(pos, offset)[0]
            for symbol, target, target_pos, source, target_word in net.synset(pos, offset)[1]:
                # The pointer joins two words, not two synsets: "previously" → "previous", not "old".
                if symbol == "\\" and target_word and (not source or members[source - 1].lower() in lemmas(word)):
                    found.add(net.synset(target_pos, target)[0][target_word - 1].lower())
    return frozenset(found - lemmas(word))


# Words every definition leans on ("the act of …", "a person who …"): sharing one says nothing.
_DEFINING = frozenset(
    "act state something someone person thing way make cause become being used use having done "
    "especially usually often one ones quality condition process part kind type certain".split()
)


@lru_cache(maxsize=65536)
def defined_by(word: str) -> frozenset[str]:
    """The content words of the word's first definition in each part of speech, in their base forms:
    "acquit" → pronounce, guilty, criminal, charge; "stateless" → nationality, citizenship."""
    found: set[str] = set()
    for definition in first_definitions(word):
        for token in re.findall(r"[a-z][a-z-]+", definition.lower()):
            if token not in _DEFINING and token not in _DENIALS and token not in STOPWORDS and len(token) > 2:
                found |= lemmas(token)
    return frozenset(found - lemmas(word))


@lru_cache(maxsize=65536)
def first_definitions(word: str, pos: str | None = None) -> tuple[str, ...]:
    """The definition of the word's first (most frequent) sense in the part of speech given, or in
    each it has; an inflected verb ("kept", "ruling") only as the verb or a noun, not as the
    adjective it also is ("not violated")."""
    net = wordnet()
    if not net.available:
        return ()
    inflected = any(base != word for base in net.base_forms(word, "v"))
    found = []
    for part in (pos,) if pos else ("v", "n") if inflected else POS:
        for base in net.base_forms(word, part)[:1]:
            offsets = net._index(part)[base]
            if offsets:
                found.append(net.definition(part, offsets[0]))
    return tuple(found)


@lru_cache(maxsize=65536)
def broader(word: str, pos: str = "v", depth: int = 2) -> frozenset[str]:
    """The words of the senses the word is a kind of, ``depth`` steps up WordNet's hypernyms: "send"
    is a way to "move", so a sentence saying someone sent forces tells that they moved them."""
    net = wordnet()
    found: set[str] = set()
    if not net.available:
        return frozenset()
    level = [offset for base in net.base_forms(word, pos) for offset in net._index(pos)[base]]
    for _ in range(depth):
        level = [target for offset in level for symbol, target, target_pos, _, _ in net.synset(pos, offset)[1]
                 if symbol in ("@", "@i") and target_pos == pos]
        found.update(m.lower() for offset in level for m in net.synset(pos, offset)[0])
    return frozenset(found)
