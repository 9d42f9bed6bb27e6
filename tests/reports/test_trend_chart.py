"""The dashboard's trend chart can be read without a pointer: a value axis with round ticks that
covers the tallest month, each month labelled, each bar's count written, bars proportional."""

from __future__ import annotations

import itertools

import pytest

from reports.charts import month_label, nice_step, trend_chart


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (1, 1), (4, 1), (7, 2), (9, 5), (40, 10), (41, 20), (1234, 500)]
)
def test_ticks_are_round_and_cover_the_top(top, step):
    assert nice_step(top) == step
    assert nice_step(top) * 4 >= top


def test_every_month_has_its_bar_label_and_count_and_the_axis_covers_the_tallest():
    monthly = [
        {"month": "2026-09", "findings": 3},
        {"month": "2026-10", "findings": 0},
        {"month": "2026-11", "findings": 12},
    ]
    chart = trend_chart(monthly)
    assert [bar["label"] for bar in chart["bars"]] == ["09/26", "10/26", "11/26"]
    assert [bar["count"] for bar in chart["bars"]] == [3, 0, 12]
    values = [tick["value"] for tick in chart["ticks"]]
    assert values[0] == 0 and values[-1] >= 12 and len({b - a for a, b in itertools.pairwise(values)}) == 1
    tallest, empty, small = chart["bars"][2], chart["bars"][1], chart["bars"][0]
    assert empty["h"] == 0 and tallest["h"] == pytest.approx(small["h"] * 4, rel=0.02)
    assert all(chart["left"] <= bar["x"] and bar["x"] + bar["w"] <= chart["right"] for bar in chart["bars"])
    assert all(bar["y"] + bar["h"] == pytest.approx(chart["base"]) for bar in chart["bars"])
    assert month_label("2027-01") == "01/27"


@pytest.mark.parametrize("months", [1, 12, 24, 36])
def test_labels_never_overlap_and_the_first_month_is_always_labelled(months):
    monthly = [{"month": f"{2024 + i // 12}-{i % 12 + 1:02d}", "findings": i} for i in range(months)]
    labelled = [bar for bar in trend_chart(monthly)["bars"] if bar["labelled"]]
    assert labelled[0]["label"] == "01/24"
    gaps = [b["middle"] - a["middle"] for a, b in itertools.pairwise(labelled)]
    assert all(gap >= 48 for gap in gaps)
    if months <= 12:
        assert len(labelled) == months, "a year fits: every month is labelled"


@pytest.mark.parametrize("months", [1, 12, 36])
def test_the_printed_monthly_chart_writes_every_count_and_never_crowds_its_labels(months):
    """The summary PDF's charts (reports/pdf/summary.py) follow the same rules on paper: each bar's
    count is printed at the bar, the axis is round and covers the tallest bar, and month labels are
    thinned so that they do not overlap."""
    from reportlab.graphics import renderSVG

    from reports.pdf.summary import _bar_chart

    counts = [(i * 37) % 23 + 100 for i in range(months)]
    labels = [f"{i % 12 + 1:02d}/{26 + i // 12}" for i in range(months)]
    drawing = _bar_chart("Số tồn tại, hạn chế theo tháng", labels, counts, False)
    svg = renderSVG.drawToString(drawing)
    for count in set(counts):
        assert f">{count}<" in svg, f"the count {count} is printed"
    chart = drawing.contents[0]
    assert (
        chart.valueAxis.valueMax >= max(counts) and chart.valueAxis.valueMax % chart.valueAxis.valueStep == 0
    )
    shown = [name for name in chart.categoryAxis.categoryNames if name]
    assert shown[0] == labels[0] and chart.width / len(labels) * (len(labels) / len(shown)) >= 28
