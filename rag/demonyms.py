"""Places and their peoples: "Russia" and "Russian" name the same thing, "Hama" and "Hamas" do not."""

from __future__ import annotations

_DEMONYM_ENDINGS = ("n", "an", "ian", "ns", "ans", "ians", "i", "is", "es", "ese", "ish")
_PLACE_ENDINGS = ("", "a", "e", "o", "y", "ey", "on")  # dropped before the ending: Leban-on, Leban-ese


def same_root(name: str, word: str) -> bool:
    """True when one (stemmed, lowercase) word is the other's demonym: Russia/Russian, Turkey/Turkish."""
    return demonym_of(name, word) or demonym_of(word, name)


def demonym_of(place: str, people: str) -> bool:
    """True when ``people`` is formed from ``place`` by a demonym ending."""
    for dropped in _PLACE_ENDINGS:
        if dropped and not place.endswith(dropped):
            continue
        root = place[: len(place) - len(dropped)]
        if len(root) >= 4 and people.startswith(root) and people[len(root):] in _DEMONYM_ENDINGS:
            return True
    return False
