"""Geometry of the dashboard's monthly trend chart, drawn as server-side SVG: a value axis with round
ticks, one bar per month labelled under it, and each bar's count written above it, so nothing needs a
pointer to be read (a tablet has no hover). When the months are too many for every label to fit,
every few bars are labelled and the table under the chart has them all."""

from __future__ import annotations

import math
from typing import Any

WIDTH = 640
HEIGHT = 240
LEFT = 44  # room for the value axis labels
BOTTOM = 28  # room for the month labels
TOP = 22  # room for the count above the tallest bar
LABEL_ROOM = 48  # the width a month label or a count needs
MAX_BAR = 56  # a year of months or a single one, bars stay bars


def nice_step(top: int, ticks: int = 4) -> int:
    """The smallest step of 1, 2 or 5 × 10ⁿ that covers ``top`` in ``ticks`` steps."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def label_every(count: int, width: float, room: float = LABEL_ROOM) -> int:
    """Label every n-th of ``count`` bars sharing ``width``, so that labels ``room`` wide never overlap."""
    slot = width / max(count, 1)
    return max(1, math.ceil(room / slot))


def axis_top(top: int, ticks: int = 4) -> tuple[int, int]:
    """The value axis for bars up to ``top``: its round step and its end (a whole number of steps)."""
    step = nice_step(top, ticks)
    return step, step * max(math.ceil(top / step), 1)


def month_label(key: str) -> str:
    """``2026-11`` → ``11/26``."""
    year, month = key.split("-")
    return f"{month}/{year[2:]}"


def trend_chart(monthly: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars, ticks and labels for ``monthly`` rows (``month`` as YYYY-MM and ``findings``)."""
    top = max((row["findings"] for row in monthly), default=0)
    step, end = axis_top(top)
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - 8
    slot = plot_width / max(len(monthly), 1)

    def y_of(value: float) -> float:
        return round(TOP + plot_height * (1 - value / end), 1)

    every = label_every(len(monthly), plot_width)  # three years of months: a label every few bars
    width = min(slot * 0.7, MAX_BAR)
    bars = []
    for index, row in enumerate(monthly):
        x = LEFT + index * slot + (slot - width) / 2
        y = y_of(row["findings"])
        bars.append(
            {
                "x": round(x, 1),
                "w": round(width, 1),
                "y": y,
                "h": round(HEIGHT - BOTTOM - y, 1),
                "middle": round(x + width / 2, 1),
                "value_y": round(y - 4, 1),
                "count": row["findings"],
                "label": month_label(row["month"]),
                "labelled": index % every == 0,
            }
        )
    ticks = [{"value": value, "y": y_of(value)} for value in range(0, end + 1, step)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "tick_x": LEFT - 6,
        "right": WIDTH - 8,
        "base": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 16,
        "bars": bars,
        "ticks": ticks,
    }
