"""The offline HTML report and the terminal table."""

import re

from evals.gate import Gate
from evals.report import render, worst_cases
from evals.svg import grouped_bars, histogram
from evals.table import summary_table


def record(case_id, case_type, quality, text, refused=False):
    return {
        "id": case_id, "type": case_type, "split": "dev", "question": f"<q> {case_id}?",
        "latency_ms": 100.0 * (1 + len(case_id) % 3),
        "answer": {"answer": text, "refused": refused, "citations": [
            {"n": 1, "source": "a&b.txt", "text": "<b>q</b>", "start": 0, "end": 8, "score": 1}
        ]},
        "scores": {"fact_recall": quality, "refused": refused, "quality": quality},
    }


RECORDS = [
    record("good", "factoid", 1.0, "Fine. [1]"),
    record("bad", "why", 0.0, "<script>alert(1)</script> [1]"),
    record("meh", "factoid", 0.5, "Half. [1]"),
]
SUMMARY = {"cases": 3, "fact_recall": 0.5, "p95": 300.0,
           "by_split": {"dev": {"cases": 3, "fact_recall": 0.5, "p95": 300.0}}}
GATE = Gate(min={"fact_recall": 0.8}, max={"p95": 1000})


def test_report_is_self_contained_with_inline_svg():
    html = render(SUMMARY, RECORDS, GATE)
    assert html.count("<svg") == 2
    assert not re.search(r"<script|<link|src=|@import|url\(", html)
    # The only URL is the SVG namespace, which browsers never fetch.
    assert set(re.findall(r"https?://[^\s\"'<]+", html)) == {"http://www.w3.org/2000/svg"}


def test_report_escapes_every_piece_of_case_text():
    html = render(SUMMARY, RECORDS, GATE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;q&lt;/b&gt;" in html and "a&amp;b.txt" in html
    assert "&lt;q&gt; bad?" in html


def test_report_marks_failing_and_passing_thresholds():
    html = render(SUMMARY, RECORDS, GATE)
    assert re.search(r"fact_recall</td>.*?class='fail'>FAIL", html)
    assert re.search(r"p95</td>.*?class='pass'>pass", html)


def test_report_counts_refusals_per_check_and_leaks_per_type():
    summary = {**SUMMARY, "refusals_by_check": {"missing_name": {
        "false_refusals": 2, "caught": 5, "alone_false_refusals": 1, "alone_caught": 3}},
        "leaks_by_type": {"false_premise": 4}}
    html = render(summary, RECORDS, GATE)
    assert re.search(r"<td>missing_name</td><td>2</td><td>5</td><td>1</td><td>3</td>", html)
    assert "false_premise: 4" in html


def test_worst_cases_are_imperfect_cases_worst_first():
    assert [r["id"] for r in worst_cases(RECORDS)] == ["bad", "meh"]


def test_charts_cope_with_no_data_and_missing_bars():
    assert "no data" in histogram([], "empty")
    svg = grouped_bars(["a", "b"], {"recall": [None, 0.5]}, "t")
    assert svg.count("<rect") == 2  # one bar plus one legend swatch


def test_histogram_puts_every_value_in_a_bin():
    svg = histogram([1, 2, 2, 3, 10], "latency", bins=3)
    counts = [int(n) for n in re.findall(r"<title>(\d+)</title></rect>", svg)]
    assert counts == [4, 0, 1]


def test_table_shows_na_thresholds_and_results():
    table = summary_table({**SUMMARY, "mrr": None}, GATE)
    assert re.search(r"fact_recall\s+0\.5\s+0\.5\s+>= 0\.8\s+FAIL", table)
    assert re.search(r"mrr\s+n/a\s+n/a\s+not gated", table)


def test_terminal_lists_refusals_per_check_and_leaks():
    from evals.table import checks_lines

    summary = {"refusals_by_check": {"off_topic": {"false_refusals": 1, "caught": 7,
                                                   "alone_false_refusals": 0, "alone_caught": 2}},
               "leaks_by_type": {}}
    assert checks_lines(summary) == "refused by off_topic: 1 answerable, 7 unanswerable\nleaks by type: none"
