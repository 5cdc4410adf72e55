"""The Gradio app: layout, events and launch. It talks to the Assistant only."""

from __future__ import annotations

import os
import sys
from typing import Any

import gradio as gr

from rag.errors import RagError
from ui import chat, render
from ui.auth import AUTH_ENV, parse_auth
from ui.theme import launch_style

EXAMPLES = [
    "Why is Homs significant?",
    "Which cities did the rebels capture?",
    "Who sent forces to stop the rebels?",
]
CONCURRENCY = 4  # chats answered at once; further requests wait in the queue
TOP_K_MAX = 20


def create_app(assistant: Any) -> gr.Blocks:
    """Build the chat: conversation on the left, cited passages on the right."""
    info = assistant.info()
    llm_on = _llm_configured(assistant, info)
    with gr.Blocks(title="Cited — news answers with sources", analytics_enabled=False) as demo:
        state = gr.State(chat.new_state())
        gr.HTML(render.render_header(info), elem_id="cited-header", js_on_load=None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=560):
                bot, question, send, clear, examples, top_k, use_llm = _chat_column(
                    assistant, llm_on
                )
            with gr.Column(scale=2, min_width=380):
                gr.HTML("Sources", elem_id="cited-sources-title", js_on_load=None)
                sources = gr.HTML(
                    render.render_sources([]), elem_id="cited-sources", js_on_load=None
                )

        def answer(text, messages, session, k, llm):
            yield from chat.respond(
                assistant, text, messages, session, top_k=int(k), use_llm=llm if llm_on else None
            )

        inputs = [question, bot, state, top_k, use_llm]
        outputs = [bot, sources, question, state]
        question.submit(answer, inputs, outputs, show_progress="hidden")
        send.click(answer, inputs, outputs, show_progress="hidden")
        for button in examples:
            button.click(answer, [button, *inputs[1:]], outputs, show_progress="hidden")
        clear.click(_cleared, None, outputs, show_progress="hidden")
        bot.clear(_cleared, None, outputs, show_progress="hidden")  # the chat's own trash icon
    return demo


def _chat_column(assistant: Any, llm_on: bool):
    # The left column: conversation, input, examples and the small settings area.
    bot = gr.Chatbot(
        elem_id="cited-chat", show_label=False, height=500, buttons=["copy"],
        latex_delimiters=[], feedback_options=None, sanitize_html=True,
        placeholder="Ask about the documents. Every sentence of the answer links to its source.",
    )
    with gr.Row(elem_id="cited-ask-row"):
        question = gr.Textbox(
            placeholder="Ask a question about the news…", show_label=False, scale=6,
            elem_id="cited-question", max_lines=4, autofocus=True, container=False,
        )
        send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="cited-send")
    with gr.Row(elem_id="cited-examples"):
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
    return bot, question, send, clear, examples, top_k, use_llm


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


def launch(assistant: Any, host: str = "127.0.0.1", port: int = 7860, auth: Any = None) -> None:
    """Serve the chat on host:port until interrupted; login from ``auth`` or RAG_UI_AUTH."""
    credentials = parse_auth(auth if auth is not None else os.environ.get(AUTH_ENV))
    warm_up = getattr(assistant, "warm_up", None)
    if warm_up is not None:
        # Load the models before serving, so the first question is as fast as the rest.
        print("Loading models…", file=sys.stderr, flush=True)
        warm_up()
    demo = create_app(assistant)
    demo.queue(default_concurrency_limit=CONCURRENCY)
    try:
        demo.launch(
            server_name=host, server_port=port, share=False, auth=credentials,
            prevent_thread_lock=True, quiet=True, footer_links=[], show_error=False,
            ssr_mode=False, pwa=False, mcp_server=False, inbrowser=False, **launch_style(),
        )
    except OSError as exc:
        raise RagError(f"cannot serve the chat on {host}:{port}: {exc}") from None
    print(f"Cited is running at {demo.local_url} (Ctrl+C to stop)", file=sys.stderr, flush=True)
    demo.block_thread()
