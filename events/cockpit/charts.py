"""Geometry for the small bar charts drawn on the server as SVG (no script, no inline style)."""

from dataclasses import dataclass

BAR_WIDTH = 8
BAR_GAP = 2
CHART_HEIGHT = 100
# Fewer days than this still get bars this narrow: three days must not look like a wall.
MIN_BARS = 30


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    value: int
    label: str


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    peak: int


def bar_chart(points: list[tuple[str, int]], min_bars: int = MIN_BARS) -> BarChart:
    """One vertical bar per (label, value), scaled so the tallest fills the chart; at least
    `min_bars` bars wide (a few days must not look like a wall)."""
    peak = max((value for _, value in points), default=0)
    bars = []
    for index, (label, value) in enumerate(points):
        height = round(CHART_HEIGHT * value / peak) if peak else 0
        if value and not height:
            height = 1  # a day with one RSVP among hundreds still shows
        x = index * (BAR_WIDTH + BAR_GAP)
        bars.append(Bar(x, CHART_HEIGHT - height, BAR_WIDTH, height, value, label))
    width = max(len(points), min_bars) * (BAR_WIDTH + BAR_GAP) - BAR_GAP
    return BarChart(bars, width, CHART_HEIGHT, peak)
