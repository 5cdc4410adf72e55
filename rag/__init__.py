"""Trustworthy answers over news documents, every sentence cited to the exact passage."""

from rag.answer import Answer, Citation
from rag.assistant import AnswerStream, Assistant
from rag.errors import BadQuestion, IndexNotReady, LLMUnavailable, RagError
from rag.indexing import update_index
from rag.interface import Answerer, ChatAssistant
from rag.settings import Settings

__all__ = [
    "Answer",
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
    "update_index",
]
