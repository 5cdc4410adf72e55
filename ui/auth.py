"""Who may reach the chat: the login from RAG_UI_AUTH=user:password, enforced on every route,
and the refusal to serve beyond loopback without one."""

from __future__ import annotations

import ipaddress

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


def check_exposure(host: str, auth: str | tuple[str, str] | None, insecure: bool) -> str | None:
    """Refuse to serve beyond loopback without a login; with --insecure, the warning to print."""
    if is_loopback(host) or auth:
        return None
    if not insecure:
        raise RagError(
            f"refusing to serve the chat on {host} without a login: set {AUTH_ENV}=user:password, "
            "or pass --insecure to serve it to anyone who can reach this machine"
        )
    return (
        f"WARNING: the chat is served on {host} WITHOUT A LOGIN (--insecure): anyone who can reach "
        f"this machine can read your documents. Set {AUTH_ENV}=user:password to require one."
    )


def is_loopback(host: str) -> bool:
    """True for localhost and 127.0.0.0/8 or ::1; every other address reaches other machines."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


# What the login page itself needs before anyone has logged in; everything else asks for the login.
PUBLIC_PATHS = ("/", "/login", "/login/", "/theme.css", "/favicon.ico", "/manifest.json")
PUBLIC_PREFIXES = ("/assets/", "/static/", "/svelte/")
STARTUP = "/gradio_api/startup-events"


class LoginRequired:
    """ASGI middleware: with a login set, every route but the login page's own needs the login.

    Gradio checks the login on most routes, not all (its heartbeat stream, for one, answers
    anyone), so the check is made once here, in front of all of them.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket") or self._allowed(scope):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        from starlette.responses import JSONResponse

        response = JSONResponse({"detail": {"error": "Not authenticated"}}, status_code=401)
        await response(scope, receive, send)

    @staticmethod
    def _allowed(scope) -> bool:
        app = scope.get("app")
        if getattr(app, "auth", None) is None:
            return True  # no login configured
        path = scope.get("path", "")
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root):] or "/"
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            return True
        if path == STARTUP and not getattr(app, "startup_events_triggered", True):
            return True  # launch() calls it once, itself, before anyone can log in
        return _logged_in(app, scope)


def _logged_in(app, scope) -> bool:
    from starlette.requests import HTTPConnection

    cookies = HTTPConnection(scope).cookies
    cookie_id = getattr(app, "cookie_id", "")
    token = cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")
    return token is not None and token in getattr(app, "tokens", {})
