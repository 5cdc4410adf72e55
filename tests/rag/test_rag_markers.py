"""The [n] marker, defined once and shared by the chain, the UI and the eval suite."""

from __future__ import annotations

import re

from rag.markers import DRAFT_MARKER, MARKER, MARKER_PATTERN, marker, markers, strip_markers


def test_markers_are_read_in_order_with_repeats():
    assert markers("Aleppo fell [1]. Hama too [2][1]. Not [x] or [] or [1.5].") == [1, 2, 1]


def test_strip_markers_leaves_the_words_single_spaced():
    assert strip_markers("Aleppo fell [1].  Hama too [2] [3].") == "Aleppo fell. Hama too."


def test_a_written_marker_reads_back_as_its_number():
    assert markers(marker(12)) == [12] and re.fullmatch(MARKER_PATTERN, marker(3))


def test_draft_markers_take_lists_and_the_space_before():
    assert [m.group(1) for m in DRAFT_MARKER.finditer("so far [1, 3]. And [2]")] == ["1, 3", "2"]
    assert DRAFT_MARKER.sub("", "so far [1, 3].") == "so far."


def test_the_ui_and_the_evals_use_the_same_pattern():
    import evals.metrics.text
    import ui.render

    assert evals.metrics.text.MARKER is MARKER and ui.render._MARKER is MARKER
