"""The look of the chat: a theme with local fonts only, plus the page's own CSS and script."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import gradio as gr

STATIC = Path(__file__).parent / "static"

# System fonts only: Gradio's default theme would fetch Google Fonts, and the chat stays offline.
SANS = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"]


def theme() -> gr.themes.Base:
    """A calm blue theme that loads nothing from outside the machine."""
    return gr.themes.Default(
        primary_hue="blue", neutral_hue="slate", radius_size="md", font=SANS, font_mono=MONO
    )


@lru_cache(maxsize=1)
def css() -> str:
    """The page's stylesheet."""
    return (STATIC / "cited.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def head() -> str:
    """A script tag, inlined into the page, that links [n] markers to source cards."""
    return f"<script>\n{(STATIC / 'cited.js').read_text(encoding='utf-8')}\n</script>"


def launch_style() -> dict:
    """The keyword arguments Gradio 6 takes at launch() for theme, CSS and head."""
    return {"theme": theme(), "css": css(), "head": head()}
