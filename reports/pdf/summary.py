"""The leadership summary PDF, drawn from ``reports.summary.summary_data`` (the dashboard's own figures),
issued as a report of the requester's agency in the Decree 30 layout: heading, number, place and date,
title, signature with authority wording and Nơi nhận (Phụ lục III, mẫu 1.4)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from reportlab.graphics import shapes
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from reports.charts import axis_top, label_every
from reports.pdf.base import (
    FONT,
    FONT_BOLD,
    TEXT_WIDTH,
    Progress,
    SignatureBox,
    build_pdf,
    closing,
    document_heading,
    heading,
    para,
    table,
    title_block,
)
from reports.wording import month_label, place_and_date

BAR = colors.HexColor("#2f5d8a")
shapes.STATE_DEFAULTS["fontName"] = FONT  # charts start in the document font, so no Helvetica is embedded
REMEDIATION_LABELS = {
    "closed_on_time": "Đã khắc phục đúng hạn",
    "closed_late": "Đã khắc phục trễ hạn",
    "open": "Đang thực hiện, còn hạn",
    "overdue": "Quá hạn chưa khắc phục",
}


def _vn(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _month(key: str) -> str:
    """ "2026-12" → "tháng 12/2026"."""
    year, month = key.split("-")
    return month_label(int(year), int(month))


def _count_table(title: str, rows: list[tuple[str, int]], first: str) -> list[Flowable]:
    body = [[first, "Số lượng"]] + [[para(label, "cell"), str(count)] for label, count in rows]
    if not rows:
        body.append([para("Không có số liệu trong kỳ.", "cell"), ""])
    return [*heading(title, "h2"), table(body, [TEXT_WIDTH - 40 * mm, 40 * mm])]


def _bar_chart(title: str, labels: list[str], values: list[int], horizontal: bool) -> Drawing:
    height = 40 + 16 * len(labels) if horizontal else 150
    drawing = Drawing(TEXT_WIDTH, height)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y = (150 if horizontal else 30), 20
    chart.width = TEXT_WIDTH - chart.x - 20
    if not horizontal:  # a month or two stay bars, as on the dashboard, not slabs across the page
        chart.width = min(chart.width, 36 * max(len(labels), 3))
    chart.height = height - 45
    chart.data = [values or [0]]
    chart.bars[0].fillColor = BAR
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    step, end = axis_top(max(values or [0]))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = end
    chart.valueAxis.valueStep = step
    chart.barLabelFormat = "%d"  # each count written at its bar: a printed page has no tooltip
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    if horizontal:
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
    else:
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 2
        every = label_every(len(labels), chart.width, room=28)
        chart.categoryAxis.categoryNames = [
            text if i % every == 0 else "" for i, text in enumerate(labels)
        ] or [""]
    drawing.add(chart)
    drawing.add(String(0, height - 12, title, fontName=FONT_BOLD, fontSize=9))
    return drawing


def summary_document(summary: Any = None) -> dict[str, Any]:
    """Who issues a summary and how it is numbered and signed: the requester's agency (or the first
    configured one, from the command line), the number registered at the request, the requester as
    signer with their authority wording, and leadership as recipients."""
    from reports.agency import agency_for, agency_of_user, signature_block
    from reports.content import agency_heading
    from staff.models import Unit

    requester = getattr(summary, "requested_by", None)
    agency = agency_of_user(requester)
    if agency is None:
        root = Unit.objects.filter(depth=1).order_by("path").first()
        agency = agency_for(root) if root is not None else None
    registration = getattr(summary, "registration", None)
    today = timezone.localdate()
    if agency is None:
        return {
            "heading": {"superior": "", "issuer": "CƠ QUAN KIỂM TRA"},
            "number": registration.number if registration else "",
            "place": "",
            "issued_on": f"{today:%d/%m/%Y}",
            "signatures": [{"lines": ["THỦ TRƯỞNG CƠ QUAN"], "name": ""}],
            "recipients": ["Lưu: VT"],
        }
    return {
        "heading": agency_heading(agency, team=False),
        "number": registration.number if registration else "",
        "place": agency.place,
        "issued_on": f"{today:%d/%m/%Y}",
        "signatures": [signature_block(agency, requester)],
        "recipients": [*agency.leadership_lines(), f"Lưu: VT, {agency.team_abbreviation}"],
    }


def _narrowing(period: dict[str, Any]) -> list[Flowable]:
    """The line saying which kind, category or severity alone is counted, when the summary is narrowed."""
    parts = [
        f"{name}: {period[key]}"
        for key, name in (("kind", "loại cuộc kiểm tra"), ("category", "lĩnh vực"), ("severity", "mức độ"))
        if period.get(key)
    ]
    return [para(f"Chỉ tính {'; '.join(parts)}.", "center_italic")] if parts else []


def render_summary(
    data: dict[str, Any],
    *,
    progress: Progress,
    document: dict[str, Any] | None = None,
    signature_places: list[SignatureBox] | None = None,
) -> bytes:
    """The summary PDF; ``data`` carries its own content hash, printed at its end."""
    document = document or summary_document()
    period = data["period"]
    progress(20)
    scope_line = f"từ ngày {_vn(period['from'])} đến ngày {_vn(period['to'])}"
    issued_on = datetime.datetime.strptime(document["issued_on"], "%d/%m/%Y").date()
    place_date = place_and_date(document["place"], issued_on) if document["place"] else ""
    story: list[Flowable] = [
        document_heading(document["heading"], document["number"], place_date),
        *title_block(
            "BÁO CÁO", f"Tổng hợp kết quả kiểm tra công vụ, khắc phục và xử lý kỷ luật {scope_line}"
        ),
        para(
            f"Phạm vi: {period['unit'] or 'toàn bộ đơn vị trong phạm vi được xem'}; "
            f"số liệu tính đến ngày {_vn(period['as_of'])}.",
            "center_italic",
        ),
        *_narrowing(period),
        Spacer(1, 3 * mm),
    ]
    inspections, findings, remediation = data["inspections"], data["findings"], data["remediation"]
    story += heading("I. CUỘC KIỂM TRA")
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
    story += heading("II. TỒN TẠI, HẠN CHẾ ĐƯỢC KẾT LUẬN")
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
    story += heading("III. KẾT QUẢ KHẮC PHỤC KIẾN NGHỊ")
    rows = [(REMEDIATION_LABELS[key], remediation[key]) for key in REMEDIATION_LABELS]
    story += _count_table(f"Tổng số kiến nghị: {remediation['total']}", rows, "Tình trạng")
    overdue_units = [(r["unit"], r["count"]) for r in data["overdue_units"]]
    story += _count_table("Đơn vị có nhiều kiến nghị quá hạn nhất", overdue_units, "Đơn vị")
    story += heading("IV. XỬ LÝ KỶ LUẬT")
    story += _count_table(
        "Quyết định kỷ luật trong kỳ theo hình thức",
        [(r["label"], r["count"]) for r in data["discipline"]],
        "Hình thức",
    )
    if findings["repeats"] is not None:
        offenders = [(f"{r['name']} ({r['unit']})", r["count"]) for r in data["repeat_offenders"]]
        story += _count_table("Cá nhân tái phạm", offenders, "Cá nhân")
    story += heading("V. DIỄN BIẾN THEO THÁNG")
    monthly = data["monthly"]
    by_month = [[_month(r["month"]), str(r["inspections"]), str(r["findings"])] for r in monthly]
    third = TEXT_WIDTH / 3
    story.append(table([["Tháng", "Cuộc kiểm tra", "Tồn tại, hạn chế"], *by_month], [third, third, third]))
    if monthly:
        story.append(Spacer(1, 4 * mm))
        story.append(
            KeepTogether(
                _bar_chart(
                    "Số tồn tại, hạn chế theo tháng",
                    [_month(r["month"]).removeprefix("tháng ") for r in monthly],
                    [r["findings"] for r in monthly],
                    False,
                )
            )
        )
    progress(75)
    story += closing(
        document["recipients"],
        document["signatures"][0],
        signature_places,
        content_hash=data["content_sha256"],
    )
    return build_pdf(story, title=f"Báo cáo tổng hợp {scope_line}", subject=data["content_sha256"])
