"""Optional login for the chat, read from RAG_UI_AUTH=user:password."""

from __future__ import annotations

from rag.errors import RagError

AUTH_ENV = "RAG_UI_AUTH"


def parse_auth(value: str | tuple[str, str] | None) -> tuple[str, str] | None:
    """Turn 'user:password' into a (user, password) pair; None or '' means no login."""
    if value is None or value == "":
        return None
    if isinstance(value, tuple):
        user, password = value
    else:
        user, sep, password = value.partition(":")
        if not sep:
            raise RagError(f"{AUTH_ENV} must look like user:password")
    if not user.strip() or not password:
        raise RagError(f"{AUTH_ENV} must look like user:password, with neither part empty")
    return user, password
