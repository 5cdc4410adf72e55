"""The whole-document page a citation opens: the full text, the cited span marked and scrolled to."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from rag.errors import RagError
from ui.render import DOCUMENT_ROUTE, escape_text, highlight_span

# The page runs one inline script of its own and loads nothing else, from anywhere.
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "frame-ancestors 'self'"
    ),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
_STYLE = """
body { font: 16px/1.65 ui-sans-serif, system-ui, sans-serif; margin: 0; color: #1f2937; background: #fff; }
header { position: sticky; top: 0; background: #f8fafc; border-bottom: 1px solid #e5e7eb;
  padding: 10px 24px; font-size: 0.9rem; color: #4b5563; }
header b { color: #111827; }
main { max-width: 46rem; margin: 0 auto; padding: 16px 24px 40vh; overflow-wrap: anywhere; }
mark { background: #fde68a; color: #111827; padding: 2px 0; border-radius: 2px;
  box-shadow: 0 0 0 2px #f59e0b; scroll-margin: 30vh; }
body.dark { background: #0b0f19; color: #e5e7eb; }
body.dark header { background: #111827; border-color: #374151; color: #9ca3af; }
body.dark header b { color: #f9fafb; }
"""


def document_page(source: str, text: str, start: int, end: int, dark: bool = False) -> str:
    """A standalone page with the document's text and characters start:end marked as #cited."""
    body = highlight_span(text, start, end).replace("<mark>", '<mark id="cited">', 1)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape_text(source)}</title><style>{_STYLE}</style></head>"
        f'<body class="{"dark" if dark else ""}"><header><b>{escape_text(source)}</b> · '
        f"characters {int(start)}–{int(end)} highlighted</header><main>{body}</main>"
        "<script>var m=document.getElementById('cited');"
        "if(m){m.scrollIntoView({block:'center'});}</script></body></html>"
    )


def document_route(assistant: Any) -> Route:
    """GET /cited/document?source=…&start=…&end=…: the page above, for indexed documents only."""

    def show(request: Request) -> HTMLResponse:
        params = request.query_params
        source = params.get("source", "")
        service = getattr(assistant, "documents", None)
        if service is None:
            return _error(404, "this chat cannot open whole documents")
        try:
            start, end = int(params.get("start", 0)), int(params.get("end", 0))
            text = service.text(source)
        except ValueError:
            return _error(400, "start and end must be whole numbers")
        except RagError as error:
            return _error(404, str(error))
        page = document_page(source, text, start, end, dark=params.get("theme") == "dark")
        return HTMLResponse(page, headers=_HEADERS)

    return Route(DOCUMENT_ROUTE, show, methods=["GET"])


def _error(status: int, message: str) -> HTMLResponse:
    page = f'<!doctype html><meta charset="utf-8"><p>{escape_text(message)}</p>'
    return HTMLResponse(page, status_code=status, headers=_HEADERS)
