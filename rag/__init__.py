"""Trustworthy answers over news documents, every sentence cited to the exact passage."""

from rag.answer import Answer, AnswerSentence, Citation
from rag.assistant import AnswerStream, Assistant
from rag.errors import BadQuestion, IndexNotReady, LLMUnavailable, RagError
from rag.indexing import update_index
from rag.interface import Answerer, ChatAssistant
from rag.settings import Settings
from rag.sources import load_source

__all__ = [
    "Answer",
    "AnswerSentence",
    "Answerer",
    "AnswerStream",
    "Assistant",
    "BadQuestion",
    "ChatAssistant",
    "Citation",
    "IndexNotReady",
    "LLMUnavailable",
    "RagError",
    "Settings",
    "load_source",
    "update_index",
]
