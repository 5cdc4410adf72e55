"""A deterministic scale corpus: N news-like documents, recombined from the seed article's sentences.

The seed article (corpus/) is the only real text in the repository, so its sentences serve as
templates: the places, people, groups and numbers in them are swapped for others drawn from the
lists below, and mixed with a few wire-style templates of our own. The same seed always gives the
same files, byte for byte, so index sizes and latencies are comparable between runs.

Usage: python benchmarks/corpus.py OUT_DIR [--chunks N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLE = ROOT / "corpus" / "syria-rebels-advance-on-homs.txt"
CHUNKS_PER_DOCUMENT = 4.95  # what the chunker makes of one generated article, on average (seed 0)



def _items(text: str) -> list[str]:
    return [item.strip() for item in " ".join(text.split()).split(";")]


CITIES = """Aleppo Hama Homs Damascus Latakia Tartus Idlib Raqqa Deir Daraa Beirut Tripoli Sidon Amman Irbid
Zarqa Baghdad Mosul Basra Erbil Kirkuk Ankara Gaziantep Adana Istanbul Izmir Cairo Alexandria Giza Luxor
Aswan Tunis Sfax Algiers Oran Rabat Casablanca Tangier Fez Khartoum Omdurman Nairobi Mombasa Kampala
Kigali Addis Dakar Lagos Abuja Kano Accra Kumasi Tbilisi Yerevan Baku Kyiv Kharkiv Odesa Lviv Dnipro
Warsaw Krakow Gdansk Vilnius Riga Tallinn Helsinki Tampere Oslo Bergen Stockholm Malmo Copenhagen Aarhus
Hamburg Munich Cologne Leipzig Dresden Vienna Graz Zurich Geneva Basel Lyon Marseille Toulouse Lille
Madrid Seville Valencia Bilbao Lisbon Porto Naples Palermo Turin Genoa Athens Patras Sofia Plovdiv""".split()
REGIONS = """north south centre east west coast valley plains highlands delta border capital
countryside suburbs outskirts mountains""".split()
FIRST = """Wasim Amal Rania Omar Layla Karim Nadia Samir Huda Yusuf Maya Tariq Salma Fadi Dina Hassan Leila
Ziad Noura Bilal Ines Marco Anna Pieter Sofia Jonas Elena Tomas Marta Lukas Ayse Emre Selin Murat Olena
Taras Irina Piotr Agnieszka Mikko Ingrid Lars Astrid Henrik Clara Matteo Giulia Pablo Lucia Joao""".split()
LAST = """Marouh Haddad Khalil Nasser Saleh Aziz Mansour Darwish Farah Hamdan Rahal Sabbagh Yildiz Demir
Kaya Shevchenko Kovalenko Nowak Kowalski Virtanen Hansen Larsen Berg Lindqvist Schmidt Weber Fischer
Rossi Bianchi Garcia Martinez Silva Santos Costa Dimitrov Georgiou Papadopoulos Okafor Mensah Diallo""".split()
GROUPS = _items("""the rebels;the army;government forces;the opposition;the coalition;local militias;the police;
the border guards;aid agencies;the United Nations;the Red Crescent;the World Food Programme;the ministry
of health;the central bank;the electoral commission;the port authority;the farmers' union;the teachers'
union;the transport ministry;the city council;the energy regulator;the water board;the airline;the
railway operator""")
OBSERVERS = _items("""the Syrian Observatory for Human Rights;Reuters;the Associated Press;a regional official;the
interior ministry;a United Nations spokesperson;local residents;a hospital director;the mayor's office;
an independent monitor;the state news agency;a humanitarian coordinator""")
GOODS = _items("""bread;fuel;medicine;electricity;drinking water;flour;cooking gas;rice;sugar;cement;fertiliser;
school books;vaccines;spare parts""")
PLACES = _items("""bridge;highway;airport;port;power station;hospital;market;university;border crossing;railway
station;dam;refinery;grain silo;stadium""")
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = """January February March April May June July August September October November
December""".split()
TOPICS = _items("""Offensive;Ceasefire;Talks;Floods;Drought;Elections;Strike;Budget;Harvest;Reconstruction;
Outbreak;Blackout;Protests;Trade;Refugees;Curfew""")

# Wire-style sentences of our own, so the text is not only the seed's syntax.
TEMPLATES = [
    "{group_c} said {number} people had been moved out of {city} by {day} evening.",
    "Prices of {good} in {city} rose by {percent} percent in {month}, {observer} said.",
    "{person}, a resident of {city}, said the {place} had been closed since {day}.",
    "The {place} near {city} reopened on {day} after {small} days of repairs.",
    "{observer_c} reported that {group} had reached the {region} of {city}.",
    "Shortages of {good} were reported in {city} and {city2} for a {ordinal} week.",
    "Talks between {group} and {group2} resumed in {city} on {day}, officials said.",
    "{group_c} accused {group2} of blocking deliveries of {good} to the {region}.",
    "In {month}, about {number} families returned to {city}, according to {observer}.",
    "{person} told reporters in {city} that the {place} would be rebuilt within {small} months.",
    "The road linking {city} to {city2} was cut on {day}, leaving the {region} isolated.",
    "Heavy rain flooded parts of {city} overnight, and the {place} was evacuated.",
    "{group_c} said the budget for {good} would grow by {percent} percent next year.",
    "Schools in the {region} of {city} stayed shut on {day} as {group} patrolled the streets.",
    "According to {observer}, {number} tonnes of {good} reached {city} last week.",
    "Voters in {city} queued for hours on {day}, and turnout reached {percent} percent.",
]
ORDINALS = "second third fourth fifth sixth".split()


def seed_sentences() -> list[str]:
    """Sentences of the seed article that read as news (no captions, links or tag lines)."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    found = []
    for paragraph in text.split("\n"):
        if paragraph.startswith(("Also read", "TAGS")) or "|" in paragraph:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph.strip()):
            if len(sentence.split()) >= 8 and sentence.endswith("."):
                found.append(sentence)
    return found


class Writer:
    """Draws every name, place and number from one random.Random, so output follows the seed."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.seeds = seed_sentences()
        self.seed_cities = ["Homs", "Aleppo", "Hama", "Damascus", "Talbisa", "Rastan"]

    def pick(self, items: list[str]) -> str:
        return self.random.choice(items)

    def fields(self, city: str) -> dict[str, str]:
        group, group2 = self.random.sample(GROUPS, 2)
        observer = self.pick(OBSERVERS)
        return {
            "city": city, "city2": self.pick(CITIES), "region": self.pick(REGIONS),
            "group": group, "group_c": group[0].upper() + group[1:], "group2": group2,
            "observer": observer, "observer_c": observer[0].upper() + observer[1:],
            "person": f"{self.pick(FIRST)} {self.pick(LAST)}", "good": self.pick(GOODS),
            "place": self.pick(PLACES), "day": self.pick(DAYS), "month": self.pick(MONTHS),
            "number": f"{self.random.randint(2, 900) * 10:,}", "percent": str(self.random.randint(3, 60)),
            "small": str(self.random.randint(2, 18)), "ordinal": self.pick(ORDINALS),
        }

    def sentence(self, city: str) -> str:
        if self.random.random() < 0.35:
            return self.recombined(city)
        return self.pick(TEMPLATES).format(**self.fields(city))

    def recombined(self, city: str) -> str:
        """A seed sentence with its places and people swapped for others."""
        text = self.pick(self.seeds)
        for name in self.seed_cities:
            other = city if self.random.random() < 0.6 else self.pick(CITIES)
            text = re.sub(rf"\b{name}\b", other, text)
        text = text.replace("Wasim Marouh", f"{self.pick(FIRST)} {self.pick(LAST)}")
        return text.replace("Thursday", self.pick(DAYS))

    def article(self) -> tuple[str, str]:
        """(title, text) of one article: a headline, a dateline paragraph and a few sections."""
        city = self.pick(CITIES)
        topic = self.pick(TOPICS)
        title = f"{topic} in {city}: {self.sentence(city).rstrip('.')}"
        paragraphs = [title, f"{city.upper()}, {self.random.randint(1, 28)} {self.pick(MONTHS)} — "
                      + " ".join(self.sentence(city) for _ in range(self.random.randint(2, 3)))]
        for section in range(self.random.randint(2, 4)):
            if section:
                paragraphs.append(f"{self.pick(TOPICS)} and the {self.pick(REGIONS)}")
            for _ in range(self.random.randint(1, 3)):
                paragraphs.append(" ".join(self.sentence(city) for _ in range(self.random.randint(2, 4))))
        return title, "\n\n".join(paragraphs) + "\n"


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower())[:40].strip("-")


def generate(folder: Path, chunks: int, seed: int = 0) -> int:
    """Write about `chunks` chunks' worth of articles under folder; returns how many files."""
    writer = Writer(seed)
    count = max(1, round(chunks / CHUNKS_PER_DOCUMENT))
    for i in range(count):
        title, text = writer.article()
        path = folder / f"{i // 1000:03d}" / f"{i:06d}-{_slug(title)}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--chunks", type=int, default=1000, help="about how many chunks (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    files = generate(args.out, args.chunks, args.seed)
    print(f"{files} articles written to {args.out}")


if __name__ == "__main__":
    main()
