"""Errors users can act on. The CLI and the UI turn these into one clear line."""


class RagError(Exception):
    """Base class: the message is the line shown to the user."""


class BadQuestion(RagError):
    """The question is empty, malformed or too long."""


class IndexNotReady(RagError):
    """The index is missing or empty."""


class LLMUnavailable(RagError):
    """The LLM endpoint could not be reached or gave nothing usable.

    ``reason`` says why in a few words a reader understands ("local LLM crashed", "timed out"); it
    becomes ``Answer.degraded_reason``. The message carries the detail (URL, status, log file).
    """

    def __init__(self, message: str, reason: str = "LLM unavailable"):
        super().__init__(message)
        self.reason = reason
