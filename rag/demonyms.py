"""Places and their peoples: "Russia" and "Russian" name the same thing, "Hama" and "Hamas" do not."""

from __future__ import annotations

# ... and followers: Scientology/Scientologists, Buddhism/Buddhists.
_DEMONYM_ENDINGS = ("n", "an", "ian", "ns", "ans", "ians", "i", "is", "es", "ese", "ish", "ist", "ists")
_PLACE_ENDINGS = ("", "a", "e", "o", "y", "ey", "on")  # dropped before the ending: Leban-on, Leban-ese


# Peoples whose names do not follow from their places by an ending (stems, as rag.text.stem gives).
_IRREGULAR = {
    frozenset(pair.split()) for pair in (
        "england english", "britain british", "franc french", "netherland dutch", "wale welsh",
        "belgium belgian", "spain spanish", "spain spaniard", "greec greek", "switzerland swiss",
        "denmark danish", "sweden swedish", "finland finnish", "poland polish", "ireland irish",
        "scotland scottish", "scotland scot", "norway norwegian", "thailand thai", "philippin filipino",
        "portug portugues", "germani german", "itali italian", "japan japanes", "china chines",
        "peru peruvian", "iraq iraqi", "israel isra", "pakistan pakistani", "bangladesh bangladeshi",
        "yemen yemeni", "kuwait kuwaiti", "oman omani", "qatar qatari", "afghanistan afghan",
        "uk british", "uk britain", "us american", "usa american", "u.s american", "america american",
        "korea korean", "norman normandi", "canada canadian", "iceland iceland",
    )
}


def same_root(name: str, word: str) -> bool:
    """True when one (stemmed, lowercase) word is the other's demonym: Russia/Russian, Turkey/Turkish."""
    return demonym_of(name, word) or demonym_of(word, name) or frozenset((name, word)) in _IRREGULAR


def demonym_of(place: str, people: str) -> bool:
    """True when ``people`` is formed from ``place`` by a demonym ending."""
    for dropped in _PLACE_ENDINGS:
        if dropped and not place.endswith(dropped):
            continue
        root = place[: len(place) - len(dropped)]
        if len(root) >= 4 and people.startswith(root) and people[len(root):] in _DEMONYM_ENDINGS:
            return True
    return False
