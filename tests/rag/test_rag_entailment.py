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


# Each rule below: a faithful paraphrase it now keeps, and a distortion it must still drop.
RULES = [
    pytest.param("Gloria also became unable to move her legs.", "Gloria lost the ability to move her legs.",
                 "Gloria did not lose the ability to move her legs.", "negation",
                 id="a word defined by a denial balances a negation"),
    pytest.param("Sometimes new technologies result from not listening to customers.",
                 "New technologies sometimes come from ignoring customers.",
                 "New technologies sometimes come from not ignoring customers.", "negation",
                 id="ignoring is not listening"),
    pytest.param("The rescued included Rohingya, a stateless minority of Muslims from Myanmar.",
                 "Among those rescued were Rohingya, a Muslim minority from Myanmar without citizenship.",
                 "Among those rescued were Rohingya, a Muslim minority from Myanmar without religion.",
                 "added_detail", id="a definition is a paraphrase"),
    pytest.param("The parents should be declared not guilty.", "The parents should be acquitted.",
                 "The parents should be convicted.", "negation", id="acquitted is declared not guilty"),
    pytest.param("The form must be returned within twenty working days.",
                 "The form has to be sent back within twenty working days.",
                 "The form does not have to be sent back within twenty working days.", "negation",
                 id="a WordNet phrase: sent back"),
    pytest.param("The U.S. Environmental Protection Agency says some crops may have higher yields.",
                 "According to the American EPA, some crops may have higher yields.",
                 "According to the British EPA, some crops may have higher yields.", "name",
                 id="abbreviations and their demonyms"),
    pytest.param("The library opened nearly a decade ago.", "The library opened almost ten years ago.",
                 "The library opened almost twenty years ago.", "number", id="a decade is ten years"),
    pytest.param("500 schools received the initial invitation.", "500 schools were first invited.",
                 "500 schools received the second invitation.", "number", id="first said as initial"),
    pytest.param("The rebels have captured the key cities of Aleppo and Hama so far.",
                 "Aleppo and Hama, two key cities, have been captured by the rebels.",
                 "Aleppo and Hama, three key cities, have been captured by the rebels.", "number",
                 id="a count of the claim's own list"),
    pytest.param("The 30th anniversary of the first shuttle mission coincided with the 50th anniversary of "
                 "the first manned space flight when Yuri Gagarin lifted off aboard Vostok 1.",
                 "The shuttle's 30th anniversary fell on the 50th anniversary of Yuri Gagarin's Vostok 1 flight.",
                 "Yuri Gagarin fell aboard Vostok 1.", "antonym",
                 id="an opposite verb with another actor is another event"),
    pytest.param("Storms are sustained by a form of energy called latent heat.", "Latent heat keeps storms going.",
                 "Storms sustain latent heat.", "swapped_role", id="a name given with called"),
    pytest.param("The statue was moved from the city hall to the harbour museum.",
                 "The statue was relocated from the city hall to the harbour museum.",
                 "The statue was moved from the harbour museum to the city hall.", "swapped_role",
                 id="from and to exchanged"),
    pytest.param("Steel is harder than glass.", "Steel is harder than glass, they say.",
                 "Glass is harder than steel.", "swapped_role", id="a comparison turned around"),
    pytest.param("The plan, backed by the council, was rejected by the mayor.",
                 "The plan was backed by the council and rejected by the mayor.",
                 "The plan was backed by the mayor and rejected by the council.", "swapped_role",
                 id="participles and coordinated verbs keep their subject"),
    pytest.param("Ozone caused damage to soybean crops, and Google Chrome was recently released.",
                 "Ozone caused damage to soybean crops, and the new Chrome came out recently.",
                 "Ozone caused damage to maize crops.", "swapped_role",
                 id="a noun qualified by another word of the same kind"),
]


@pytest.mark.parametrize(("source", "paraphrase", "distortion", "kind"), RULES)
def test_each_rule_keeps_a_paraphrase_and_still_drops_a_distortion(entailment, source, paraphrase, distortion,
                                                                   kind):
    assert entailment.judge(paraphrase, source).supported, entailment.judge(paraphrase, source)
    judgement = entailment.judge(distortion, source)
    assert not judgement.supported
    assert judgement.distortion in ((kind,) if isinstance(kind, str) else kind), judgement


def test_a_word_defined_by_a_denial_does_not_excuse_a_negation_of_another_clause(entailment):
    source = "The rebels ignored the warning and captured Homs."
    assert entailment.judge("The rebels did not capture Homs.", source).distortion == "negation"
    # "still" the adverb is not "not in motion", the adjective.
    judgement = entailment.judge("Microsoft still wants to support IE6.", "Microsoft no longer wants to support IE6.")
    assert judgement.distortion == "negation"


def test_a_pronoun_may_be_named_from_the_sentence_before(entailment):
    sentence = "He was also an influential figure in the pop art movement."
    claim = "Warhol was influential in pop art."
    assert entailment.judge(claim, sentence, "Andy Warhol was an American artist.").supported
    assert entailment.judge(claim, sentence).distortion == "name"
    assert entailment.judge(claim, sentence, "Roy Lichtenstein was an American artist.").distortion == "name"
    # Without a pronoun in the sentence, the sentence before names nobody in it.
    assert entailment.judge(claim, "Lichtenstein was influential in pop art.",
                            "Andy Warhol was an American artist.").distortion == "name"
