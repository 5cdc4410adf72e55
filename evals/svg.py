"""Small inline SVG charts drawn by hand, so the report needs nothing from the network."""

from __future__ import annotations

from html import escape

COLOURS = ("#3366aa", "#cc7733", "#559955")
_WIDTH, _HEIGHT, _LEFT, _BOTTOM = 640, 240, 40, 60


def _frame(body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _axis(label_top: str) -> list[str]:
    base = _HEIGHT - _BOTTOM
    return [
        f'<line x1="{_LEFT}" y1="{base}" x2="{_WIDTH}" y2="{base}" stroke="#444"/>',
        f'<line x1="{_LEFT}" y1="10" x2="{_LEFT}" y2="{base}" stroke="#444"/>',
        f'<text x="{_LEFT - 4}" y="16" font-size="10" text-anchor="end">{escape(label_top)}</text>',
        f'<text x="{_LEFT - 4}" y="{base}" font-size="10" text-anchor="end">0</text>',
    ]


def grouped_bars(groups: list[str], series: dict[str, list[float | None]], title: str) -> str:
    """Bars in 0..1, one group per label and one colour per series; None draws no bar."""
    body = _axis("1.0")
    plot_height = _HEIGHT - _BOTTOM - 10
    slot = (_WIDTH - _LEFT) / max(len(groups), 1)
    bar = slot * 0.8 / max(len(series), 1)
    for g, group in enumerate(groups):
        x0 = _LEFT + g * slot + slot * 0.1
        for s, (name, values) in enumerate(series.items()):
            value = values[g]
            if value is None:
                continue
            height = plot_height * max(0.0, min(1.0, value))
            body.append(
                f'<rect x="{x0 + s * bar:.1f}" y="{_HEIGHT - _BOTTOM - height:.1f}" '
                f'width="{bar - 1:.1f}" height="{height:.1f}" fill="{COLOURS[s % len(COLOURS)]}">'
                f"<title>{escape(group)} {escape(name)}: {value:.2f}</title></rect>"
            )
        # Alternate label rows so long type names never overlap their neighbours.
        y = _HEIGHT - _BOTTOM + 14 + (g % 2) * 12
        body.append(
            f'<text x="{x0 + slot * 0.4:.1f}" y="{y}" font-size="10" '
            f'text-anchor="middle">{escape(group)}</text>'
        )
    for s, name in enumerate(series):
        y = _HEIGHT - 18
        x = _LEFT + s * 160
        body.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLOURS[s % 3]}"/>')
        body.append(f'<text x="{x + 14}" y="{y}" font-size="11">{escape(name)}</text>')
    return _frame(body, title)


def histogram(values: list[float], title: str, bins: int = 10, unit: str = "ms") -> str:
    """A histogram of values in equal-width bins."""
    if not values:
        return _frame(_axis("0") + ['<text x="60" y="100">no data</text>'], title)
    low, high = min(values), max(values)
    width = (high - low) / bins or 1.0
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) / width), bins - 1)] += 1
    tallest = max(counts)
    plot_height = _HEIGHT - _BOTTOM - 10
    slot = (_WIDTH - _LEFT) / bins
    body = _axis(str(tallest))
    for b, count in enumerate(counts):
        height = plot_height * count / tallest
        x = _LEFT + b * slot
        body.append(
            f'<rect x="{x + 1:.1f}" y="{_HEIGHT - _BOTTOM - height:.1f}" width="{slot - 2:.1f}" '
            f'height="{height:.1f}" fill="{COLOURS[0]}"><title>{count}</title></rect>'
        )
        body.append(
            f'<text x="{x + slot / 2:.1f}" y="{_HEIGHT - _BOTTOM + 14}" font-size="9" '
            f'text-anchor="middle">{low + b * width:.0f}</text>'
        )
    body.append(
        f'<text x="{_WIDTH / 2}" y="{_HEIGHT - 20}" font-size="11" text-anchor="middle">'
        f"{escape(unit)} (bin start)</text>"
    )
    return _frame(body, title)
