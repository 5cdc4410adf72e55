"""Retrieval latency against corpus size, as an SVG, from the figures benchmarks/run.py printed.

Usage: python benchmarks/plot.py FIGURES.json OUT.svg
FIGURES.json is run.py's JSON line (or --work's figures.json).
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 320, 60, 150, 30, 45
SERIES = [("retrieve_p50_ms", "p50, embedded", "#2b6cb0"), ("retrieve_p95_ms", "p95, embedded", "#c53030")]
TARGETS = {10_000: 50, 100_000: 100}  # the bar: p95 at 10k and at 100k chunks


def points(figures: dict, prefix: str) -> list[tuple[int, float]]:
    """(chunks, ms) for every corpus size the run measured."""
    found = []
    for key, value in figures.items():
        match = re.fullmatch(rf"{prefix}_(\w+)", key)
        if match and value is not None and f"chunks_{match.group(1)}" in figures:
            found.append((figures[f"chunks_{match.group(1)}"], float(value)))
    return sorted(found)


def svg(figures: dict) -> str:
    lines = {label: (points(figures, prefix), colour) for prefix, label, colour in SERIES}
    xs = [x for pts, _ in lines.values() for x, _ in pts] + list(TARGETS)
    ys = [y for pts, _ in lines.values() for _, y in pts] + list(TARGETS.values())
    x_lo, x_hi = math.log10(min(xs) / 1.5), math.log10(max(xs) * 1.5)
    y_hi = max(ys) * 1.15

    def at(x: float, y: float) -> tuple[float, float]:
        px = LEFT + (math.log10(x) - x_lo) / (x_hi - x_lo) * (WIDTH - LEFT - RIGHT)
        return round(px, 1), round(HEIGHT - BOTTOM - y / y_hi * (HEIGHT - TOP - BOTTOM), 1)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           'font-family="sans-serif" font-size="11">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT}" y="18" font-size="13">Retrieval latency against corpus size</text>']
    x0, y0 = at(10 ** x_lo, 0)
    out.append(f'<line x1="{x0}" y1="{y0}" x2="{WIDTH - RIGHT}" y2="{y0}" stroke="#444"/>')
    out.append(f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{TOP}" stroke="#444"/>')
    for exponent in range(math.ceil(x_lo), math.floor(x_hi) + 1):
        px, _ = at(10 ** exponent, 0)
        out.append(f'<text x="{px}" y="{y0 + 15}" text-anchor="middle">{10 ** exponent:,}</text>')
    out.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 8}" text-anchor="middle">chunks</text>')
    for tick in _ticks(y_hi):
        _, py = at(10 ** x_lo, tick)
        out.append(f'<text x="{x0 - 6}" y="{py + 4}" text-anchor="end">{tick:g}</text>')
        out.append(f'<line x1="{x0}" y1="{py}" x2="{WIDTH - RIGHT}" y2="{py}" stroke="#eee"/>')
    out.append(f'<text x="14" y="{TOP + 10}">ms</text>')
    for x, y in TARGETS.items():
        px, py = at(x, y)
        out.append(f'<line x1="{px - 12}" y1="{py}" x2="{px + 12}" y2="{py}" stroke="#2f855a" stroke-width="2"/>')
    legend = [(label, colour) for label, (_, colour) in lines.items()] + [("target p95", "#2f855a")]
    for i, (pts, colour) in enumerate(lines.values()):
        path = " ".join(f"{a},{b}" for a, b in (at(x, y) for x, y in pts))
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in pts:
            px, py = at(x, y)
            out.append(f'<circle cx="{px}" cy="{py}" r="3" fill="{colour}"/>')
            dy = 15 if i == 0 else -6  # p50 labels below their point, p95 above
            out.append(f'<text x="{px + 5}" y="{py + dy}" fill="{colour}">{y:.0f}</text>')
    for i, (label, colour) in enumerate(legend):
        y = TOP + 14 + 16 * i
        out.append(f'<rect x="{WIDTH - RIGHT + 14}" y="{y - 8}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{WIDTH - RIGHT + 30}" y="{y + 1}">{label}</text>')
    machine = _short(figures.get("machine", ""))
    out.append(f'<text x="{WIDTH - RIGHT + 14}" y="{HEIGHT - 30}" fill="#666">{machine}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _ticks(top: float) -> list[float]:
    step = 10 ** math.floor(math.log10(top / 4))
    step *= 5 if top / step > 20 else 2 if top / step > 8 else 1
    return [step * i for i in range(int(top / step) + 1)]


def _short(machine: str) -> str:
    return machine.split(",")[0]


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8").strip()
    try:
        figures = json.loads(text)
    except ValueError:  # run.py's whole output: the figures are its last line
        figures = json.loads(text.splitlines()[-1])
    Path(sys.argv[2]).write_text(svg(figures), encoding="utf-8")


if __name__ == "__main__":
    main()
