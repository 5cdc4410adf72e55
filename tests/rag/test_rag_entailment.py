"""Support judged by meaning: faithful paraphrases of the seed article kept, distortions dropped."""

from __future__ import annotations

import pytest

from rag.entailment import Entailment, names, number_values

HUB = "Homs is a key crossroads city linking Damascus to Assad's coastal strongholds."
COAST = ("Since Homs is a key crossroad city, seizing the region would cut off Damascus from the coast, a "
         "longtime redoubt of Assad's minority Alawite sect and where his Russian allies have a naval base "
         "and air base.")
BRIDGE = ("According to a Syrian official, the Russian military destroyed the Rustan bridge along the M5 "
          "highway, the main route to Homs, to prevent rebels from using it to advance.")
ALLIES = ("However, the Israel-Hamas war and the Russia-Ukraine war kept them busy paving the way for the "
          "rebels to strike.")
REGAINED = ("Assad regained control of most of Syria during the civil war after the support from key "
            "allies-- Russia, Iran and Lebanon's Hezbollah.")
ALEPPO = ("Meanwhile, a week after HTS rebels seized Aleppo, life is slowly returning to normal, with the "
          "night-time curfew lifted and bread returning to bakery shelves.")
URGED = 'Earlier, in an online post, the rebels urged Homs residents to rise up, saying: "Your time has come."'
FLED = ("Thousands of people began fleeing on Thursday night towards Syria's western coastal regions, a "
        "stronghold of the government, said the Syrian Observatory for Human Rights.")
SENT = ("Reportedly, Hezbollah sent ‘supervising forces’ from Lebanon to Syria overnight to help prevent "
        "anti-government fighters from seizing the strategic city of Homs.")
TOWNS = ("The rebels also claimed to have taken over the towns of Talbisa and Rastan, bringing them within "
         "miles (km) of Homs.")
BLOW = ("In a big blow to President Bashar al-Assad, the rebels captured the key cities of Aleppo in the "
        "north and Hama in the centre last week.")

PARAPHRASES = [
    (BRIDGE, "The M5 highway is the main route to Homs."),
    (COAST, "Russia has a naval base and an air base there."),
    (BRIDGE, "The Russian military destroyed the Rustan bridge on the M5 highway."),
    (BRIDGE, "The Rustan bridge was destroyed by the Russian military."),
    (HUB, "Homs is a key crossroads city that links Damascus with Assad's strongholds on the coast."),
    (BLOW, "Last week the rebels captured the key cities of Aleppo and Hama."),
    (FLED, "Thousands of people fled towards Syria's western coast on Thursday night."),
    (SENT, "Hezbollah sent forces from Lebanon to Syria to help prevent fighters from seizing Homs."),
    (ALEPPO, "Life in Aleppo is slowly returning to normal, with the curfew lifted."),
    (TOWNS, "The rebels claimed they had taken over the towns of Talbisa and Rastan."),
    (URGED, "The rebels urged the residents of Homs to rise up."),
    (REGAINED, "With support from Russia, Iran and Hezbollah, Assad regained control of most of Syria."),
]
DISTORTIONS = [
    (ALEPPO, "Life in Aleppo is not returning to normal.", "negation"),
    (SENT, "Hezbollah did not send forces from Lebanon to Syria.", "negation"),
    (ALEPPO, "The night-time curfew in Aleppo was extended.", "antonym"),
    (REGAINED, "Assad lost control of most of Syria during the civil war.", "antonym"),
    (ALLIES, "The Israel-Hamas war and the Russia-Ukraine war kept the rebels busy.", "swapped_role"),
    (BRIDGE, "The rebels destroyed the Rustan bridge along the M5 highway.", "swapped_role"),
    (FLED, "Hundreds of people began fleeing towards Syria's western coastal regions.", "number"),
    (FLED, "Thousands of people began fleeing on Friday night.", "date"),
    (BLOW, "The rebels captured the key cities of Aleppo and Hama last month.", "date"),
    (SENT, "Hezbollah sent supervising forces from Iraq to Syria.", "name"),
    (BLOW, "The rebels captured the key cities of Aleppo and Homs last week.", "name"),
    (BRIDGE, "The Russian military destroyed the Rustan bridge with air strikes.", "added_detail"),
    (URGED, "The rebels urged Homs residents to leave the city.", ("added_detail", "antonym")),
    (HUB, "Homs is a key crossroads city because Assad has strongholds on the coast.", "merge"),
]


@pytest.fixture(scope="module")
def entailment():
    return Entailment()  # words only: no embedder, so nothing here leans on closeness of vectors


@pytest.mark.parametrize(("source", "claim"), PARAPHRASES)
def test_faithful_paraphrases_are_supported(entailment, source, claim):
    judgement = entailment.judge(claim, source)
    assert judgement.supported, judgement


@pytest.mark.parametrize(("source", "claim", "kind"), DISTORTIONS)
def test_distortions_are_caught_and_named(entailment, source, claim, kind):
    judgement = entailment.judge(claim, source)
    assert not judgement.supported
    assert judgement.distortion in ((kind,) if isinstance(kind, str) else kind), judgement


def test_numbers_are_compared_by_value_in_digits_or_words():
    assert number_values("Thousands fled; nine-month-old Gloria; 1,709 pupils") == {"1000", "9", "1709"}


def test_names_include_a_first_word_only_when_it_is_a_name():
    assert names("Queensland was excluded from the study.") == ["queensland"]
    assert names("Seafood, milk and salt supply most iodine in Australia's food.") == ["australia"]


def test_a_swap_is_found_beside_the_same_verb_about_something_else(entailment):
    source = "Sweden defeated South Korea 1 – 0; Belgium defeated debutants Panama 3 – 0."
    assert entailment.judge("South Korea defeated Sweden 1 – 0.", source).distortion == "swapped_role"
    assert entailment.judge("Sweden beat South Korea 1 – 0.", source).supported


def test_a_month_is_a_date_but_the_modal_may_is_not(entailment):
    assert entailment.judge("Phailin may weaken once it reaches land.",
                            "Phailin could weaken once it reaches land.").supported
    assert entailment.judge("The vote was held in May.", "The vote was held in June.").distortion == "date"
