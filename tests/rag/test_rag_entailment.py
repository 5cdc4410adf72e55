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
    assert names("The move cost BSkyB its 3D channel.") == ["bskyb"]  # a number and its unit, not a name "D"


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
    # Rules read from claims in other wording than the documents' (dev claims 230 onwards).
    pytest.param("North Korea would respond within 48 hours if the broadcasts do not stop.",
                 "North Korea would respond within 48 hours unless the broadcasts stopped.",
                 "North Korea would respond within 48 hours if the broadcasts stopped.", "negation",
                 id="unless is if not"),
    pytest.param("The failure to renew the agreements resulted in Virgin Media removing the channels.",
                 "Because the agreements were not renewed, Virgin Media removed the channels.",
                 "Because the agreements were renewed, Virgin Media removed the channels.", "negation",
                 id="the noun of a denying verb denies, and resulted in is a cause"),
    pytest.param("Microsoft wants users to stop using IE6.", "Microsoft wants users to quit IE6.",
                 "Microsoft wants users to keep using IE6.", "negation",
                 id="quit is stop in its first sense, keep is not prevent"),
    pytest.param("Not all were pleased with the final choice of locations.",
                 "Some were unhappy with the final choice of locations.",
                 "All were pleased with the final choice of locations.", "negation",
                 id="a negative prefix on its own opposite denies"),
    pytest.param("Visitors will not be allowed in the other shuttles.",
                 "Visitors won't be permitted inside the other shuttles.",
                 "Visitors will be permitted inside the other shuttles.", "negation",
                 id="a denying word said by its synset mate denies no more"),
    pytest.param("Labour's Shadow Home Secretary Yvette Cooper said her party has supported the idea, and said "
                 "it was damning that the Home Office isn't doing this already.",
                 "Yvette Cooper, Labour's shadow home secretary, said her party had backed the idea.",
                 "Yvette Cooper said the Home Office is doing this already.", "negation",
                 id="a negation bears on what it denies, not on the modifiers of its arguments"),
    pytest.param("Microsoft's Internet Explorer 6 is one of the most successful software products ever.",
                 "IE6 is one of the most successful software products ever.",
                 "IE7 is one of the most successful software products ever.", "name",
                 id="initials with their number"),
    pytest.param("The largest of the trainers will allow visitors to climb aboard.",
                 "The largest one will allow visitors to climb aboard.",
                 "Visitors will be able to climb aboard one of the two trainers.", "number",
                 id="one standing for a noun counts nothing"),
    pytest.param("Despite an increase in vehicle miles driven, surface ozone has dropped by 25 percent.",
                 "Although more vehicle miles were driven, surface ozone fell by 25 percent.",
                 "Despite an increase in vehicle miles driven, surface ozone has risen by 25 percent.", "antonym",
                 id="a word held by its synset mate is no antonym of an opposite elsewhere"),
    pytest.param("The move was followed by staff cuts and increased subscription prices.",
                 "After the move, staff were cut and subscription prices raised.",
                 "The move was followed by staff cuts and decreased subscription prices.", "antonym",
                 id="an opposite the claim says itself is its own word"),
    pytest.param("Once a storm moves over any appreciably sized piece of land, it begins to dissipate.",
                 "When a storm moves over a sizeable piece of land, it begins to dissipate.",
                 "Once a storm moves over any tiny piece of land, it begins to dissipate.", "swapped_role",
                 id="a modifier in another derivation"),
    pytest.param("Homeopathy treats patients with diluted forms of substances that, if given to a healthy "
                 "person, would cause symptoms.",
                 "Homeopathy treats patients with diluted substances that would cause symptoms if a healthy "
                 "person took them.",
                 "Homeopathy treats patients with symptoms that would cause diluted substances.", "swapped_role",
                 id="a relative pronoun describes the noun before it, and converses are no antonyms"),
    pytest.param("One new idea combines a vacuum cleaner with an agriculture product.",
                 "One new idea combines an agricultural product with a vacuum cleaner.",
                 "A vacuum cleaner combines one new idea with an agriculture product.", "swapped_role",
                 id="a reciprocal verb names its two parties in either order"),
    pytest.param("Homs is a key city linking Damascus to the coast.",
                 "Homs is a key city linking the coast with Damascus.",
                 "Damascus is a key city linking Homs to the coast.", "swapped_role",
                 id="a reciprocal verb keeps its third party"),
    pytest.param("A sensitive Environment Canada document was found by someone who gave it to the CBC.",
                 "Someone found a sensitive Environment Canada document and gave it to the CBC.",
                 "A sensitive CBC document was found by someone who gave it to Environment Canada.",
                 "swapped_role", id="two words hung each on the other's partner"),
    pytest.param("He appointed Robert archbishop of Canterbury and made Ralph earl of Hereford.",
                 "Robert was appointed archbishop of Canterbury by him, and Ralph was made earl of Hereford.",
                 "He appointed Ralph archbishop of Canterbury and made Robert earl of Hereford.", "swapped_role",
                 id="two names exchanged between parallel clauses"),
    pytest.param("Fishermen rescued 700 people on Friday, and the navy saved 200 more.",
                 "On Friday fishermen saved 700 people, and the navy rescued 200 more.",
                 "The navy rescued 700 people on Friday, and fishermen saved 200 more.", "swapped_role",
                 id="parallel clauses with their verbs exchanged are no swap"),
    pytest.param("We can apply this idea to other unused resources such as vehicles and motor homes.",
                 "The same idea can be applied to other unused resources, like vehicles.",
                 "The same idea can be applied to other unused resources, like bedrooms and boats.",
                 "added_detail", id="function words are not content"),
    pytest.param("They came to be subsumed into Irish culture to the point that they became more Irish than "
                 "the Irish.",
                 "They were absorbed into Irish culture, so much so that they became more Irish than the Irish.",
                 "They became more Irish than the Irish because they were subsumed into Irish culture.", "merge",
                 id="so much so that is a degree, not a cause"),
    pytest.param("Ground-level ozone causes more damage to plants than all other air pollutants combined.",
                 "Ground-level ozone does more damage to plants than all other air pollutants combined.",
                 "Ground-level ozone causes less damage to plants than all other air pollutants combined.",
                 "antonym", id="comparatives are opposites though stopwords"),
    pytest.param("Yet the problem is easily fixed.", "The problem is easy to fix.", "The problem is hard to fix.",
                 "antonym", id="an opposite said as an adverb"),
    pytest.param("Homeopathy treats patients with massively diluted forms of substances.",
                 "Homeopathy treats patients with hugely diluted substances.",
                 "Homeopathy treats patients with highly concentrated forms of substances.", "antonym",
                 id="opposites read either way"),
    pytest.param("BSkyB gained 400,000 new subscribers, with the majority taking at least one premium channel.",
                 "BSkyB won 400,000 new subscribers, most taking a premium channel.",
                 "BSkyB gained 400,000 new subscribers, with the minority taking at least one premium channel.",
                 ("antonym", "swapped_role"), id="at least is a bound, not the opposite of most"),
    pytest.param("South Korea resumed the broadcasts after an 11-year lull, and Challenger exploded 73 seconds "
                 "after liftoff.",
                 "After eleven years of silence South Korea resumed the broadcasts, and Challenger exploded 73 "
                 "seconds after liftoff.",
                 "South Korea resumed the broadcasts after an 11-year lull, and Challenger exploded 73 minutes "
                 "after liftoff.", "date", id="another unit of time is another measure"),
    pytest.param("In the autumn of 1991, talks were held for the broadcast rights.",
                 "In autumn 1991, talks were held on the broadcast rights.",
                 "In the spring of 1991, talks were held for the broadcast rights.", "date",
                 id="seasons date like months"),
    pytest.param("Norton initially made a living as a businessman.", "At first Norton made a living in business.",
                 "Norton made a living in business for the first two years.", "number",
                 id="at first is initially, no ordinal"),
    pytest.param("Stardust is a NASA Discovery mission that was launched in 1999.",
                 "Launched in 1999, Stardust is one of NASA's Discovery missions.",
                 "Launched in 1999, Stardust is one of two NASA Discovery missions.", "number",
                 id="one of them is a member, not a count"),
    pytest.param("Riders may borrow a bike for free for up to twenty-four hours.",
                 "Riders may borrow a bike for free for up to 24 hours.",
                 "Riders may borrow a bike for free for up to 42 hours.", "number",
                 id="twenty-four is 24"),
    pytest.param("There is no passenger train service to Tulsa.", "No passenger trains run to Tulsa.",
                 "There is a passenger train service to Tulsa.", "negation",
                 id="a negation bears on its argument's prepositional phrases"),
    pytest.param("There are no same-day return flights, so visitors stay at least one night.",
                 "Visitors stay at least one night because there are no same-day return flights.",
                 "Visitors stay at least one night because the flights are expensive.", ("merge", "negation"),
                 id="a comma and so join a consequence"),
    pytest.param("Born in England, Norton spent most of his early life in South Africa.",
                 "Norton was English-born but spent most of his early life in South Africa.",
                 "Norton was Scottish-born but spent most of his early life in South Africa.", "name",
                 id="a hyphenated name is its parts"),
    pytest.param("Montalvo has been assisted by former members of Scientology.",
                 "Former Scientologists have helped Montalvo.", "Former Mormons have helped Montalvo.", "name",
                 id="followers named from their faith"),
    pytest.param("The particles are about a micron in size.", "The particles are roughly a micron in size.",
                 "The particles are roughly two microns in size.", "number", id="a synonym that is a stopword"),
    pytest.param("The Church's website is currently unreachable.",
                 "The Church's website is currently not reachable.",
                 "The Church's website is currently reachable.", "antonym",
                 id="un before an adjective denies it"),
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


def test_a_name_may_be_shortened_from_the_sentence_before(entailment):
    sentence = "The South retaliated by firing dozens of rounds into the north."
    before = "North and South Korea exchanged artillery fire."
    claim = "South Korea retaliated by firing dozens of rounds into the north."
    assert entailment.judge(claim, sentence, before).supported
    assert entailment.judge(claim, sentence).distortion == "name"
    swapped = "North Korea retaliated by firing dozens of rounds into the south."
    assert entailment.judge(swapped, sentence, before).distortion == "swapped_role"


def test_a_negation_in_a_sentence_without_a_verb_is_judged():
    # Parse tokens are new objects on each access: walking up to a verbless root once never ended.
    assert Entailment().judge("No comment from the minister.", "No comment.").supported
