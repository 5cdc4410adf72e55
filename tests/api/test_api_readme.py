"""The README's `openai` client snippet runs as written against a live `rag serve` app."""

from __future__ import annotations

import contextlib
import io
import re

from tests.rag.support import readme_snippet

README_URL = "http://127.0.0.1:8080/v1"


def test_readme_openai_snippet_runs_as_written(api_url):
    code = readme_snippet("### From any OpenAI client")
    assert README_URL in code
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        # Only the address changes: the test's server listens on a free port.
        exec(compile(code.replace(README_URL, api_url), "README.md", "exec"), {})
    printed = out.getvalue()
    assert re.search(r"\[1\]", printed), printed
    assert re.search(r"^1 syria-rebels-advance-on-homs\.txt \d+ \d+$", printed, re.MULTILINE), printed
