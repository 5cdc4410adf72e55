"""The Gradio app: layout, events and launch. It talks to the Assistant only."""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from rag.documents import MAX_UPLOAD_BYTES
from rag.errors import RagError
from ui import chat, documents, render
from ui.auth import AUTH_ENV, LoginRequired, parse_auth
from ui.theme import launch_style
from ui.viewer import document_route

# Example questions belong to the document they are about: shown only while it is indexed.
SEED_SOURCE = "syria-rebels-advance-on-homs.txt"
EXAMPLES = [
    "Why is Homs significant?",
    "Which cities did the rebels capture?",
    "Who sent forces to stop the rebels?",
]
CONCURRENCY = 4  # chats answered at once; further requests wait in the queue
TOP_K_MAX = 20
UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)  # per file, as the documents service allows
EMPTY = (
    '<div class="empty-title">No documents are indexed yet</div>'
    "<div>Cited answers only from documents you give it. Add .txt, .md, .html or .pdf files, "
    "then ask about them.</div>"
)


@dataclass
class ChatTab:
    """The Chat tab's components, for wiring."""

    bot: gr.Chatbot
    question: gr.Textbox
    send: gr.Button
    clear: gr.Button
    examples_row: gr.Row
    examples: list[gr.Button]
    top_k: gr.Slider
    use_llm: gr.Checkbox
    sources: gr.HTML
    empty_box: gr.Column
    go: gr.Button


def create_app(assistant: Any) -> gr.Blocks:
    """Build the page: a Chat tab (conversation and cited passages) and a Documents tab."""
    info = assistant.info()
    llm_on = _llm_configured(assistant, info)
    service = getattr(assistant, "documents", None)
    empty = int(info.get("documents", 0)) == 0
    with gr.Blocks(title="Cited — answers with sources", analytics_enabled=False) as demo:
        state = gr.State(chat.new_state())
        header = gr.HTML(_header(assistant, info), elem_id="cited-header", js_on_load=None)
        with gr.Tabs(selected="documents" if empty and service else "chat", elem_id="cited-tabs") as tabs:
            with gr.Tab("Chat", id="chat", elem_id="cited-chat-tab"):
                tab = _chat_tab(assistant, llm_on, empty, service is not None)
            if service is not None:
                with gr.Tab("Documents", id="documents", elem_id="cited-documents-tab"):
                    panel = documents.build(service, UPLOAD_MB)

        # Header, empty-index notice and examples follow the index and the LLM as they change.
        page = [header, tab.empty_box, tab.examples_row]

        def refresh():
            return _page_state(assistant)

        _wire_chat(assistant, tab, state, llm_on, refresh, page)
        tab.go.click(lambda: gr.Tabs(selected="documents"), None, tabs)
        demo.load(refresh, None, page)
        if service is not None:
            _wire_documents(service, panel, refresh, page)
            # The page is built once, at start-up: a fresh page load shows the index as it is now.
            demo.load(lambda: documents.current(service), None, [tabs, panel.table, panel.choice])
    return demo


def _chat_tab(assistant: Any, llm_on: bool, empty: bool, uploads: bool) -> ChatTab:
    # The empty-index notice, then the conversation on the left and the cited passages on the right.
    with gr.Column(visible=empty, elem_id="cited-empty") as empty_box:
        gr.HTML(EMPTY, js_on_load=None)
        go = gr.Button("Add documents", variant="primary", size="sm", visible=uploads,
                       elem_id="cited-go-documents")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=560):
            parts = _chat_column(assistant, llm_on)
        with gr.Column(scale=2, min_width=380):
            gr.HTML("Sources", elem_id="cited-sources-title", js_on_load=None)
            sources = gr.HTML(render.render_sources([]), elem_id="cited-sources", js_on_load=None)
    return ChatTab(*parts, sources=sources, empty_box=empty_box, go=go)


def _wire_chat(assistant: Any, tab: ChatTab, state: gr.State, llm_on: bool, refresh, page: list) -> None:
    def answer(text, messages, session, k, llm):
        yield from chat.respond(
            assistant, text, messages, session, top_k=int(k), use_llm=llm if llm_on else None
        )

    inputs = [tab.question, tab.bot, state, tab.top_k, tab.use_llm]
    outputs = [tab.bot, tab.sources, tab.question, state]
    # A question waiting for a free worker shows its place in the queue ("queue: 3/7") and a timer
    # on the conversation; "minimal" keeps the streaming answer readable, uncovered.
    waiting = {"show_progress": "minimal", "show_progress_on": [tab.bot]}
    asked = [
        tab.question.submit(answer, inputs, outputs, **waiting),
        tab.send.click(answer, inputs, outputs, **waiting),
        *(button.click(answer, [button, *inputs[1:]], outputs, **waiting) for button in tab.examples),
    ]
    for event in asked:
        event.then(refresh, None, page)  # the LLM's state, as this answer left it
    tab.clear.click(_cleared, None, outputs, show_progress="hidden")
    tab.bot.clear(_cleared, None, outputs, show_progress="hidden")  # the chat's own trash icon


def _wire_documents(service: Any, panel: documents.Panel, refresh, page: list) -> None:
    def upload(files, progress=gr.Progress()):  # noqa: B008 - how Gradio attaches its bar
        return documents.add_and_index(service, files, progress)

    def remove(source):
        return documents.remove(service, source)

    def reindex(progress=gr.Progress()):  # noqa: B008 - how Gradio attaches its bar
        return documents.reindex(service, progress)

    listing = [panel.status, panel.table, panel.choice]
    panel.upload.upload(upload, panel.upload, [*listing, panel.upload]).then(refresh, None, page)
    # The browser asks before a file is deleted; a cancelled question sends "" (nothing chosen: null).
    panel.remove.click(
        remove, panel.choice, listing,
        js="(name) => !name ? null : confirm('Remove ' + name + '? Its file is deleted from the "
           "corpus folder and its passages from the index.') ? name : ''",
    ).then(refresh, None, page)
    panel.reindex.click(reindex, None, listing).then(refresh, None, page)


def _chat_column(assistant: Any, llm_on: bool):
    # The left column: conversation, input, examples and the small settings area.
    bot = gr.Chatbot(
        elem_id="cited-chat", show_label=False, height=500, buttons=[],
        latex_delimiters=[], feedback_options=None, sanitize_html=True,
        placeholder="Ask about the documents. Every sentence of the answer links to its source.",
    )
    with gr.Row(elem_id="cited-ask-row"):
        question = gr.Textbox(
            placeholder="Ask a question about your documents…", show_label=False, scale=6,
            elem_id="cited-question", max_lines=4, autofocus=True, container=False,
        )
        send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="cited-send")
    with gr.Row(elem_id="cited-examples", visible=_examples_apply(assistant)) as examples_row:
        examples = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]
    with gr.Row(elem_id="cited-tools"):
        with gr.Accordion("Settings", open=False, elem_id="cited-settings"):
            top_k = gr.Slider(1, TOP_K_MAX, value=_default_top_k(assistant), step=1,
                              label="Passages retrieved (top-k)")
            use_llm = gr.Checkbox(
                value=llm_on, interactive=llm_on,
                label="Write answers with the LLM" if llm_on else "LLM off: answers quote passages",
            )
        clear = gr.Button(
            "Clear conversation", size="sm", variant="secondary", elem_id="cited-clear"
        )
    return bot, question, send, clear, examples_row, examples, top_k, use_llm


def _page_state(assistant: Any):
    info = assistant.info()
    empty = int(info.get("documents", 0)) == 0
    return (
        _header(assistant, info),
        gr.update(visible=empty),
        gr.update(visible=_examples_apply(assistant)),
    )


def _header(assistant: Any, info: dict) -> str:
    status = getattr(assistant, "llm_status", None)
    llm = None
    if callable(status):
        try:
            llm = status()
        except Exception:  # noqa: BLE001 - the header falls back to the configured name
            llm = None
    return render.render_header(info, llm)


def _examples_apply(assistant: Any) -> bool:
    service = getattr(assistant, "documents", None)
    if service is None:
        return int(assistant.info().get("documents", 0)) > 0
    try:
        return any(d.source == SEED_SOURCE for d in service.all())
    except RagError:
        return False


def _llm_configured(assistant: Any, info: dict) -> bool:
    # Settings say it best; info()'s wording ("none (extractive answers)") is the fallback.
    setting = getattr(getattr(assistant, "settings", None), "llm", None)
    if setting is not None:
        return setting != "none"
    return not str(info.get("llm") or "none").startswith("none")


def _default_top_k(assistant: Any) -> int:
    settings = getattr(assistant, "settings", None)
    return min(int(getattr(settings, "top_k", 6) or 6), TOP_K_MAX)


def _cleared():
    return [], render.render_sources([]), "", chat.new_state()


def ensure_port_free(host: str, port: int) -> None:
    """Fail at once, in one line, when host:port is taken, before any model is loaded."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as error:
            raise RagError(_busy(host, port, error)) from None


def _busy(host: str, port: int, error: OSError | None = None) -> str:
    why = error.strerror if error is not None and error.strerror else "it is in use"
    return (
        f"cannot serve the chat on {host}:{port} ({why.lower()}): stop whatever uses that port, "
        "or choose another with --port N"
    )


def serving_options(assistant: Any) -> dict:
    """Launch options beyond Gradio's own: the login on every route, and the document page."""
    return {
        "app_kwargs": {
            "middleware": [Middleware(LoginRequired)],
            "routes": [document_route(assistant)],
        },
        "max_file_size": f"{2 * UPLOAD_MB}mb",  # bigger ones never reach the disk
    }


def launch(assistant: Any, host: str = "127.0.0.1", port: int = 7860, auth: Any = None,
           concurrency: int = CONCURRENCY) -> None:
    """Serve the chat on host:port until interrupted; login from ``auth`` or RAG_UI_AUTH.

    ``concurrency`` chats are answered at once; later questions wait in a queue that shows each
    its position.
    """
    credentials = parse_auth(auth if auth is not None else os.environ.get(AUTH_ENV))
    ensure_port_free(host, port)
    warm_up = getattr(assistant, "warm_up", None)
    if warm_up is not None:
        # Load the models before serving, so the first question is as fast as the rest.
        print("Loading models…", file=sys.stderr, flush=True)
        warm_up()
    demo = create_app(assistant)
    demo.queue(default_concurrency_limit=concurrency)
    try:
        demo.launch(
            server_name=host, server_port=port, share=False, auth=credentials,
            prevent_thread_lock=True, quiet=True, footer_links=[], show_error=False,
            ssr_mode=False, pwa=False, mcp_server=False, inbrowser=False,
            **serving_options(assistant), **launch_style(),
        )
    except OSError as exc:
        raise RagError(_busy(host, port, exc)) from None
    print(f"Cited is running at {demo.local_url} (Ctrl+C to stop)", file=sys.stderr, flush=True)
    demo.block_thread()
