"""Bare reportlab laying out a report's content, as the yardstick of ``make bench``.

The same text, tables, photos and fonts as ``reports.pdf.inspection``, with nothing of the Decree 30
apparatus: one paragraph style per kind of text, ``SimpleDocTemplate``'s defaults, ``LongTable`` (the
fastest reportlab table for long lists) and no page furniture, signature or snapshot handling. The
issued report must stay within 1.5× of this (issue 12, item 8).
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, PageBreak, Paragraph, SimpleDocTemplate

from reports.pdf.base import FONT, FONT_BOLD
from reports.pdf.inspection import FINDING_WIDTHS, ImageLoader, _thumbnail

BODY = ParagraphStyle("bare-body", fontName=FONT, fontSize=14, leading=17.5)
CELL = ParagraphStyle("bare-cell", fontName=FONT, fontSize=12, leading=14)
HEAD = ParagraphStyle("bare-head", fontName=FONT_BOLD, fontSize=14, leading=17.5)


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def bare_report(snapshot: dict[str, Any], *, load_image: ImageLoader) -> bytes:
    story: list[Any] = [_p("BÁO CÁO", HEAD), _p(snapshot["title"], HEAD)]
    story += [_p(line) for line in snapshot["legal_basis"]]
    story += [_p(line) for line in snapshot["strengths"]]
    for unit in snapshot["shortcomings"]:
        story.append(_p(unit["unit"], HEAD))
        for group in unit["groups"]:
            story.append(_p(group["severity"], HEAD))
            rows = [[_p(h, CELL) for h in ("Số", "Nội dung", "Cá nhân", "Căn cứ")]]
            for item in group["findings"]:
                context = "\n".join(
                    filter(None, [item["criterion"] or item["category"], item["observed_at"], item["place"]])
                )
                rows.append(
                    [
                        str(item["no"]),
                        _p(item["description"], CELL),
                        _p(item["staff"] or "—", CELL),
                        _p(context, CELL),
                    ]
                )
            story.append(LongTable(rows, colWidths=FINDING_WIDTHS, repeatRows=1))
    rows = [[_p(h, CELL) for h in ("STT", "Phát hiện", "Kiến nghị", "Đơn vị", "Thời hạn")]]
    for index, item in enumerate(snapshot["recommendations"], 1):
        rows.append(
            [
                str(index),
                str(item["finding_no"]),
                _p(item["text"], CELL),
                _p(item["unit"], CELL),
                _p(item["due_date"], CELL),
            ]
        )
    story.append(LongTable(rows, colWidths=[12 * mm, 18 * mm, 70 * mm, 38 * mm, 25 * mm], repeatRows=1))
    if snapshot["evidence"]:
        story.append(PageBreak())
        cells = []
        for item in snapshot["evidence"]:
            data = load_image(item["id"])
            cells.append(
                [
                    (_thumbnail(data) if data else None) or _p("—", CELL),
                    _p(f"Ảnh — phát hiện số {item['finding_no']}", CELL),
                ]
            )
        rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
        rows[-1] += [""] * (3 - len(rows[-1]))
        story.append(LongTable(rows, colWidths=[54 * mm] * 3))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story)
    return buffer.getvalue()
