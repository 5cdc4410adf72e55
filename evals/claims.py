"""The claim-verification set: (passage, claim, label) items for measuring a verifier directly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evals.cases import SPLITS, read_jsonl
from rag.errors import RagError

# A faithful rewording the verifier must keep, and the distortions it must drop.
SUPPORTED_KINDS = ("paraphrase",)
UNSUPPORTED_KINDS = ("negation", "antonym", "swapped_role", "number", "date", "place",
                     "added_detail", "merge")
CLAIM_KINDS = SUPPORTED_KINDS + UNSUPPORTED_KINDS
_FIELDS = ("id", "split", "source", "passage", "claim", "label", "kind")


@dataclass(frozen=True)
class Claim:
    """One claim to judge against one exact passage of a document."""

    id: str
    split: str
    source: str
    passage: str
    claim: str
    label: str
    kind: str


def parse_claim(data: dict, where: str) -> Claim:
    """One JSON object to a Claim; RagError naming the line when it is malformed."""
    missing = [key for key in _FIELDS if not isinstance(data.get(key), str) or not data[key]]
    if missing:
        raise RagError(f"{where}: missing or empty {', '.join(missing)}")
    if data["kind"] not in CLAIM_KINDS:
        raise RagError(f"{where}: unknown kind {data['kind']!r}")
    if data["split"] not in SPLITS:
        raise RagError(f"{where}: split must be dev or test, not {data['split']!r}")
    expected = "supported" if data["kind"] in SUPPORTED_KINDS else "unsupported"
    if data["label"] != expected:
        raise RagError(f"{where}: a {data['kind']} claim is {expected}, not {data['label']!r}")
    return Claim(**{key: data[key] for key in _FIELDS})


def load_claims(path: Path, split: str = "all") -> list[Claim]:
    """The claims in a JSONL file, filtered to one split ('dev', 'test' or 'all')."""
    claims = read_jsonl(path, "claims", parse_claim)
    return [claim for claim in claims if split == "all" or claim.split == split]
