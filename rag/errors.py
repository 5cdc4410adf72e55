"""Errors users can act on. The CLI and the UI turn these into one clear line."""


class RagError(Exception):
    """Base class: the message is the line shown to the user."""


class BadQuestion(RagError):
    """The question is empty, malformed or too long."""


class IndexNotReady(RagError):
    """The index is missing or empty."""


class LLMUnavailable(RagError):
    """The LLM endpoint could not be reached or gave nothing usable."""
