"""Horizontal bar charts drawn on the server as SVG (templates/insights/_chart.html draws them).

A chart repeats its figure's table, which stays the primary content: the SVG is hidden from
assistive technology. Every bar carries its label above it and its value beside it, so
neither colour nor pattern has to be told apart; bars of different series (e.g. the pillars
of a year) also get different fill patterns. Bars are stacked one under another, so the
chart reads on a phone as on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 560
VALUE_ROOM = 130  # right of the longest bar, for its value
LABEL_HEIGHT = 16
BAR_HEIGHT = 14
GAP = 10
GROUP_HEIGHT = 24
MAX_LABEL = 72  # characters; longer labels are cut (the table has them whole)
PATTERNS = 6  # series 0 is solid, the others patterned (templates/insights/_chart.html)


@dataclass
class Bar:
    label: str
    text: str
    series: int
    label_y: int
    y: int
    width: float
    text_x: float
    text_y: int


@dataclass
class Chart:
    height: int
    bars: list[Bar] = field(default_factory=list)
    headings: list[tuple[str, int]] = field(default_factory=list)  # (text, y)
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT


def _cut(label: str) -> str:
    label = str(label)
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(groups, *, maximum=None, series=False) -> Chart | None:
    """``groups``: [(heading or None, [(label, value, text), ...]), ...]; None when there is nothing to draw.

    ``maximum`` is the value of a full-length bar (100 for shares), else the largest value.
    ``series``: the n-th bar of every group is the n-th series (its own pattern)."""
    values = [float(value or 0) for _heading, bars in groups for _label, value, _text in bars]
    if not values:
        return None
    top = float(maximum) if maximum else max(values)
    span = WIDTH - VALUE_ROOM
    chart = Chart(height=0)
    y = 4
    for heading, bars in groups:
        if heading is not None:
            chart.headings.append((_cut(heading), y + 15))
            y += GROUP_HEIGHT
        for index, (label, value, text) in enumerate(bars):
            width = round(span * float(value or 0) / top, 1) if top else 0.0
            bar_y = y + LABEL_HEIGHT + 2
            chart.bars.append(Bar(
                label=_cut(label), text=str(text), series=index % PATTERNS if series else 0,
                label_y=y + 12, y=bar_y, width=max(width, 0.0), text_x=width + 6,
                text_y=bar_y + BAR_HEIGHT - 2,
            ))
            y = bar_y + BAR_HEIGHT + GAP
        if heading is not None:
            y += 6
    chart.height = y
    return chart
