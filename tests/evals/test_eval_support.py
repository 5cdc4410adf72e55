"""The lexical support judge: hand-made supported and unsupported claim/passage pairs."""

import pytest

from evals.metrics.support import names, numbers, rouge_l_recall, singular, supports

BRIDGE = (
    "According to a Syrian official, the Russian military destroyed the Rustan bridge along the "
    "M5 highway, the main route to Homs, to prevent rebels from using it to advance."
)
CROSSROADS = "Homs is a key crossroads city linking Damascus to Assad's coastal strongholds."
FLEEING = (
    "Thousands of people began fleeing on Thursday night towards Syria's western coastal regions, "
    "a stronghold of the government, said the Syrian Observatory for Human Rights."
)
ALLIES = (
    "Assad regained control of most of Syria during the civil war after the support from key "
    "allies-- Russia, Iran and Lebanon's Hezbollah."
)
TOWNS = "The rebels claimed 2 towns, Talbisa and Rastan, bringing them within 10 km of Homs."

SUPPORTED = [
    (CROSSROADS, "Homs is a key crossroads city linking Damascus to Assad's coastal strongholds."),
    (BRIDGE, "The Russian military destroyed the Rustan bridge."),
    (BRIDGE, "The Rustan bridge on the M5 highway was destroyed by the Russian military."),
    (FLEEING, "People began fleeing towards the coastal regions on Thursday night."),
    (ALLIES, "Russia, Iran and Hezbollah were Assad's key allies in the civil war."),
    (TOWNS, "The rebels are within 10 km of Homs."),
    (CROSSROADS, "Homs links Damascus to the coastal strongholds."),  # plural/singular mix
]
UNSUPPORTED = [
    (BRIDGE, "The Russian military destroyed the Rustan bridge along the M4 highway."),  # number
    (BRIDGE, "Turkish forces destroyed the Rustan bridge."),  # swapped name
    (BRIDGE, "The Russian military did not destroy the Rustan bridge."),  # negation
    (TOWNS, "The rebels are within 20 km of Homs."),  # swapped number
    (FLEEING, "Thousands of people fled to Lebanon on Thursday night."),  # name not in passage
    (ALLIES, "Assad lost control of Syria after China withdrew its support."),  # unrelated claim
    (CROSSROADS, "The city has a large oil refinery and fertiliser plants."),  # off-topic
    (CROSSROADS, ""),  # empty claim
    ("", "Homs is a key crossroads city."),  # empty passage
]


@pytest.mark.parametrize(("passage", "claim"), SUPPORTED)
def test_supported_pairs_are_judged_supported(passage, claim):
    assert supports(passage, claim)


@pytest.mark.parametrize(("passage", "claim"), UNSUPPORTED)
def test_unsupported_pairs_are_judged_unsupported(passage, claim):
    assert not supports(passage, claim)


def test_plural_normaliser_handles_common_english_plurals():
    assert [singular(w) for w in ["cities", "forces", "boxes", "rebels", "glass", "bus"]] == [
        "city", "force", "box", "rebel", "glass", "bus"
    ]


def test_numbers_include_digits_and_number_words():
    assert numbers("2 towns, 1,200 people and two bridges") == {"2", "1200", "two"}


def test_names_skip_sentence_opening_function_words():
    # Names pass through the same plural normaliser as the passage's tokens.
    assert names("The rebels reached Homs after Hama.") == {"hom", "hama"}


def test_rouge_l_recall_counts_in_order_tokens_only():
    assert rouge_l_recall("a b c d", "a x b y c") == 0.75
    assert rouge_l_recall("d c b a", "a b c d") == 0.25
    assert rouge_l_recall("", "a b") == 0.0
