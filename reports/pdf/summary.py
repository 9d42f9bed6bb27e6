"""The leadership summary PDF, drawn from ``reports.summary.summary_data`` (the dashboard's own figures)."""

from __future__ import annotations

import datetime
import math
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from reports.pdf.base import FONT, FONT_BOLD, Progress, build_pdf, national_heading, para, table

BAR = colors.HexColor("#2f5d8a")
REMEDIATION_LABELS = {
    "closed_on_time": "Đã khắc phục đúng hạn",
    "closed_late": "Đã khắc phục trễ hạn",
    "open": "Đang thực hiện, còn hạn",
    "overdue": "Quá hạn chưa khắc phục",
}


def _vn(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _count_table(title: str, rows: list[tuple[str, int]], first: str) -> list[Flowable]:
    body = [[first, "Số lượng"]] + [[para(label, "cell"), str(count)] for label, count in rows]
    if not rows:
        body.append([para("Không có số liệu trong kỳ.", "cell"), ""])
    return [para(title, "h2"), table(body, [130 * mm, 45 * mm])]


def _bar_chart(title: str, labels: list[str], values: list[int], horizontal: bool) -> Drawing:
    height = 40 + 16 * len(labels) if horizontal else 150
    drawing = Drawing(175 * mm, height)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y = (150 if horizontal else 30), 20
    chart.width = 175 * mm - chart.x - 20
    chart.height = height - 45
    chart.data = [values or [0]]
    chart.bars[0].fillColor = BAR
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, math.ceil(max(values or [0]) / 5))
    if horizontal:
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
    drawing.add(chart)
    drawing.add(String(0, height - 12, title, fontName=FONT_BOLD, fontSize=9))
    return drawing


def render_summary(data: dict[str, Any], *, progress: Progress) -> bytes:
    """The summary PDF; ``data`` carries its own content hash, printed on every page."""
    period = data["period"]
    progress(20)
    scope_line = f"Từ ngày {_vn(period['from'])} đến ngày {_vn(period['to'])}"
    story: list[Flowable] = [
        national_heading(
            [("HỆ THỐNG THEO DÕI KIỂM TRA CÔNG VỤ", "center_bold"), ("congvu", "center")],
            f"Số liệu tính đến ngày {_vn(period['as_of'])}",
        ),
        Spacer(1, 6 * mm),
        para("BÁO CÁO TỔNG HỢP", "title"),
        para("Kết quả kiểm tra công vụ, khắc phục và xử lý kỷ luật", "subtitle"),
        para(scope_line, "center"),
        para(f"Phạm vi: {period['unit'] or 'toàn bộ đơn vị trong phạm vi được xem'}", "center"),
        Spacer(1, 4 * mm),
    ]
    inspections, findings, remediation = data["inspections"], data["findings"], data["remediation"]
    story.append(para("I. CUỘC KIỂM TRA", "h1"))
    story.append(
        para(
            f"Số cuộc kiểm tra đã ban hành báo cáo: {inspections['total']}; "
            f"số đơn vị được kiểm tra: {inspections['units_inspected']}."
        )
    )
    story += _count_table(
        "Theo hình thức", [(r["label"], r["count"]) for r in inspections["by_kind"]], "Hình thức"
    )
    story += _count_table(
        "Theo trạng thái", [(r["label"], r["count"]) for r in inspections["by_status"]], "Trạng thái"
    )
    story.append(para("II. TỒN TẠI, HẠN CHẾ ĐƯỢC KẾT LUẬN", "h1"))
    story.append(
        para(
            f"Tổng số: {findings['total']}; số cá nhân bị nêu tên: {findings['staff_named']}"
            + ("." if findings["repeats"] is None else f"; số trường hợp tái phạm: {findings['repeats']}.")
        )
    )
    by_category = [(r["label"], r["count"]) for r in findings["by_category"]]
    story += _count_table("Theo lĩnh vực", by_category, "Lĩnh vực")
    if by_category:
        story.append(
            _bar_chart(
                "Tồn tại theo lĩnh vực",
                [label[:30] for label, _ in by_category],
                [c for _, c in by_category],
                True,
            )
        )
    story += _count_table(
        "Theo mức độ", [(r["label"], r["count"]) for r in findings["by_severity"]], "Mức độ"
    )
    progress(50)
    story.append(para("III. KẾT QUẢ KHẮC PHỤC KIẾN NGHỊ", "h1"))
    rows = [(REMEDIATION_LABELS[key], remediation[key]) for key in REMEDIATION_LABELS]
    story += _count_table(f"Tổng số kiến nghị: {remediation['total']}", rows, "Tình trạng")
    overdue_units = [(r["unit"], r["count"]) for r in data["overdue_units"]]
    story += _count_table("Đơn vị có nhiều kiến nghị quá hạn nhất", overdue_units, "Đơn vị")
    story.append(para("IV. XỬ LÝ KỶ LUẬT", "h1"))
    story += _count_table(
        "Quyết định kỷ luật trong kỳ theo hình thức",
        [(r["label"], r["count"]) for r in data["discipline"]],
        "Hình thức",
    )
    if findings["repeats"] is not None:
        offenders = [(f"{r['name']} ({r['unit']})", r["count"]) for r in data["repeat_offenders"]]
        story += _count_table("Cá nhân tái phạm", offenders, "Cá nhân")
    story.append(para("V. DIỄN BIẾN THEO THÁNG", "h1"))
    monthly = data["monthly"]
    rows = [[r["month"], str(r["inspections"]), str(r["findings"])] for r in monthly]
    story.append(table([["Tháng", "Cuộc kiểm tra", "Tồn tại, hạn chế"], *rows], [55 * mm, 60 * mm, 60 * mm]))
    if monthly:
        story.append(Spacer(1, 4 * mm))
        story.append(
            KeepTogether(
                _bar_chart(
                    "Số tồn tại, hạn chế theo tháng",
                    [r["month"] for r in monthly],
                    [r["findings"] for r in monthly],
                    False,
                )
            )
        )
    progress(75)
    return build_pdf(
        story,
        title=f"Báo cáo tổng hợp {scope_line}",
        footer_left=f"Báo cáo tổng hợp · {scope_line}",
        content_hash=data["content_sha256"],
    )
