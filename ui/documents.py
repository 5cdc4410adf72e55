"""The Documents panel: upload, list, remove and re-index, through the Assistant's documents service."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from rag.documents import UPLOAD_TYPES
from rag.errors import RagError
from ui.render import escape_text

ACCEPTED = ", ".join(UPLOAD_TYPES[:-1]) + f" or {UPLOAD_TYPES[-1]}"  # ".txt, .md, .html or .pdf"
Progress = Callable[..., Any]


@dataclass
class Panel:
    """The panel's components, for the app to wire to other events."""

    upload: gr.File
    status: gr.HTML
    table: gr.HTML
    choice: gr.Dropdown
    remove: gr.Button
    reindex: gr.Button


def build(service: Any, max_mb: int) -> Panel:
    """Lay out the panel inside the current Blocks context."""
    gr.HTML(
        f'<div class="docs-intro">Add your own documents ({ACCEPTED}, up to {max_mb} MB each): '
        "drop several here at once. They are saved in the corpus folder and indexed like "
        "<code>rag index</code> does, so asking about them works at once.</div>",
        js_on_load=None,
    )
    upload = gr.File(
        label="Add documents", file_count="multiple", elem_id="cited-upload", height=140,
    )
    status = gr.HTML("", elem_id="cited-docs-status", js_on_load=None)
    table = gr.HTML(render_documents(_listed(service)), elem_id="cited-docs", js_on_load=None)
    with gr.Row(elem_id="cited-docs-actions"):
        choice = gr.Dropdown(
            choices=_choices(service), value=None, label="Document", scale=3,
            elem_id="cited-remove-choice", allow_custom_value=False,
        )
        remove = gr.Button("Remove", variant="stop", scale=1, elem_id="cited-remove", min_width=80)
        reindex = gr.Button("Re-index folder", scale=1, elem_id="cited-reindex", min_width=80)
    return Panel(upload, status, table, choice, remove, reindex)


def add_and_index(service: Any, files: list | None, progress: Progress | None = None):
    """Save the uploads, re-index, and return (status, table, choices, cleared upload)."""
    if not files:
        return gr.skip(), gr.skip(), gr.skip(), gr.skip()
    uploads = [(_original_name(f), _path(f)) for f in files]
    report = service.add_files(uploads)
    summary, error = _reindex(service, progress) if report.saved else (None, None)
    status = render_upload_report(report.to_dict(), summary, error)
    return status, render_documents(_listed(service)), _dropdown(service), None


def remove(service: Any, source: str | None):
    """Remove one document; returns (status, table, choices). "" is a removal cancelled in the page."""
    if source == "":
        return gr.skip(), gr.skip(), gr.skip()
    if not source:
        return _note("Choose a document to remove first."), gr.skip(), gr.skip()
    try:
        service.remove(source)
    except RagError as error:
        return _note(str(error), "error"), gr.skip(), gr.skip()
    status = _note(f"Removed {source}: its file and its passages are gone.")
    return status, render_documents(_listed(service)), _dropdown(service)


def reindex(service: Any, progress: Progress | None = None):
    """Re-index the corpus folder (files copied in by hand); returns (status, table, choices)."""
    summary, error = _reindex(service, progress)
    status = _note(error, "error") if error else render_summary(summary)
    return status, render_documents(_listed(service)), _dropdown(service)


def current(service: Any):
    """(tab to open, table, choices) for a fresh page: the Documents tab while the index is empty."""
    listed = _listed(service)
    tab = gr.Tabs(selected="chat" if listed else "documents")
    return tab, render_documents(listed), gr.update(choices=[d.source for d in listed], value=None)


def render_documents(documents: list[Any]) -> str:
    """The table of indexed documents: name, chunks, when indexed."""
    if not documents:
        return (
            '<div class="docs-empty">No documents are indexed yet. Add some above: '
            f"{ACCEPTED} files.</div>"
        )
    rows = "".join(
        f'<tr><td class="doc-name">{escape_text(d.source)}</td><td class="doc-chunks">{d.chunks}</td>'
        f'<td class="doc-time">{escape_text(format_time(d.indexed_at))}</td></tr>'
        for d in documents
    )
    total = sum(d.chunks for d in documents)
    return (
        '<table class="doc-table"><thead><tr><th>Document</th><th>Chunks</th><th>Indexed</th>'
        f"</tr></thead><tbody>{rows}</tbody><tfoot><tr><td>{len(documents)} documents</td>"
        f"<td>{total}</td><td></td></tr></tfoot></table>"
    )


def format_time(epoch: float | None) -> str:
    """When a document was indexed, in the server's local time; '—' for older indexes."""
    if epoch is None:
        return "—"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(epoch))


def render_upload_report(report: dict, summary: dict | None, error: str | None) -> str:
    """What became of each file: added, rejected with the reason, then the build's summary."""
    lines = []
    for saved in report["saved"]:
        renamed = "" if saved["source"] == saved["name"] else f" (saved as {saved['source']})"
        lines.append(f'<li class="ok">✓ {escape_text(saved["name"])}{escape_text(renamed)}</li>')
    for rejected in report["rejected"]:
        lines.append(
            f'<li class="rejected">✗ {escape_text(rejected["name"])}: '
            f"{escape_text(rejected['reason'])}</li>"
        )
    tail = _note(error, "error") if error else render_summary(summary) if summary else ""
    return f'<ul class="upload-report">{"".join(lines)}</ul>{tail}'


def render_summary(summary: dict) -> str:
    """One line from the build summary, plus any file the build skipped and why."""
    line = (
        f"Indexed: {summary['added']} added, {summary['updated']} updated, "
        f"{summary['removed']} removed, {summary['unchanged']} unchanged — "
        f"{summary['documents']} documents, {summary['chunks']} chunks."
    )
    skipped = "".join(
        f'<li class="rejected">skipped {escape_text(s["source"])}: {escape_text(s["reason"])}</li>'
        for s in summary.get("skipped", [])
    )
    return _note(line) + (f'<ul class="upload-report">{skipped}</ul>' if skipped else "")


def _reindex(service: Any, progress: Progress | None) -> tuple[dict | None, str | None]:
    wrap = None
    if progress is not None:
        wrap = lambda items: progress.tqdm(items, desc="Indexing", unit="document")  # noqa: E731
    try:
        return service.reindex(wrap), None
    except RagError as error:
        return None, f"Indexing failed: {error}"


def _note(text: str, kind: str = "info") -> str:
    return f'<div class="docs-note docs-{kind}">{escape_text(text)}</div>'


def _listed(service: Any) -> list:
    try:
        return service.all()
    except RagError:
        return []


def _choices(service: Any) -> list[str]:
    return [d.source for d in _listed(service)]


def _dropdown(service: Any):
    return gr.update(choices=_choices(service), value=None)


def _path(upload: Any) -> str:
    return str(getattr(upload, "path", None) or getattr(upload, "name", None) or upload)


def _original_name(upload: Any) -> str:
    # Gradio keeps the name the browser sent; the temporary path only ends with a sanitised copy.
    name = getattr(upload, "orig_name", None)
    return str(name) if name else Path(_path(upload)).name
