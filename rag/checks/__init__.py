"""The gate's checks, one module each, run in this order; every one that fails is reported."""

from rag.checks.actor import Actor
from rag.checks.answer_type import AnswerType
from rag.checks.base import Check, Failure
from rag.checks.context import GateContext
from rag.checks.event import Event
from rag.checks.instruction import Instruction
from rag.checks.names import Names
from rag.checks.premise import Premise
from rag.checks.relevance import Relevance
from rag.checks.retrieved import Retrieved
from rag.checks.slot import Slot
from rag.checks.speaker import Speaker
from rag.checks.support import Support

CHECKS: tuple[Check, ...] = (
    Instruction(),
    Retrieved(),
    Relevance(),
    Names(),
    Support(),
    Slot(),
    Actor(),
    Event(),
    Premise(),
    Speaker(),
    AnswerType(),
)

__all__ = ["CHECKS", "Check", "Failure", "GateContext"]
