"""Charts drawn on the server as inline SVG: no JavaScript, prints and screenshots as seen.

Bars are scaled to the largest value; every bar carries a ``<title>`` (the browser's tooltip) with
its exact amount, and the axis shows the top value, so the chart reads without hovering.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from sync.server.console.web import rupiah


def bar_chart(points: Sequence[tuple[str, int]], *, width: int = 1100, height: int = 180,
              label: str = "") -> Markup:
    """Vertical bars, one per point (label, amount); labels under every bar when they fit."""
    left, bottom, top = 90, 22, 10
    inner_w, inner_h = width - left - 10, height - bottom - top
    peak = max((max(v, 0) for _l, v in points), default=0) or 1
    n = max(len(points), 1)
    slot = inner_w / n
    bar = max(slot * 0.7, 1.0)
    every = max(1, int(36 // slot) + 1)
    parts = [f'<svg class="chart" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" y1="{top + inner_h}" x2="{width - 10}" y2="{top + inner_h}" class="axis"/>',
             f'<text x="{left - 6}" y="{top + 8}" text-anchor="end" class="tick">{escape(rupiah(peak))}</text>',
             f'<text x="{left - 6}" y="{top + inner_h}" text-anchor="end" class="tick">0</text>']
    for i, (name, value) in enumerate(points):
        h = inner_h * max(value, 0) / peak
        x = left + i * slot + (slot - bar) / 2
        parts.append(f'<rect x="{x:.1f}" y="{top + inner_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" class="bar">'
                     f'<title>{escape(name)}: {escape(rupiah(value))}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 6}" text-anchor="middle" class="tick">'
                         f'{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def progress(percent: float | None) -> Markup:
    """A small horizontal bar of collection against target (capped at 100 % wide)."""
    if percent is None:
        return Markup("")
    w = min(max(percent, 0.0), 100.0)
    cls = "ok" if percent >= 100 else "mid" if percent >= 50 else "low"
    return Markup(f'<svg class="progress" viewBox="0 0 100 8" width="80" height="8" aria-hidden="true">'
                  f'<rect width="100" height="8" class="track"/><rect width="{w:.1f}" height="8" class="{cls}"/></svg>')
