"""The issued inspection report (Báo cáo kết quả kiểm tra), laid out as in DESIGN.md section 4."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Spacer

from findings.evidence import thumbnail
from reports.pdf.base import (
    Progress,
    build_pdf,
    markup,
    national_heading,
    para,
    table,
    vietnamese_date,
)

ImageLoader = Callable[[int], bytes | None]
THUMB_PX = 480
THUMB_MM = 52
NOTHING = "Không có nội dung."


def _numbered(lines: list[str]) -> list[Flowable]:
    return [para(line) for line in lines] or [para(NOTHING)]


def _heading(snapshot: dict[str, Any]) -> list[Flowable]:
    left = []
    if snapshot["superior_body"]:
        left.append((snapshot["superior_body"].upper(), "center"))
    left.append((snapshot["issuing_body"].upper(), "center_bold"))
    left.append((f"Số: {snapshot['number']}" + (" (dự thảo)" if snapshot.get("preview") else ""), "center"))
    story: list[Flowable] = [
        national_heading(left, vietnamese_date(snapshot["place"], snapshot["issued_on"])),
        Spacer(1, 8 * mm),
        para("TRÍCH BÁO CÁO" if snapshot.get("extract") else "BÁO CÁO", "title"),
        para(f"Kết quả kiểm tra: {snapshot['title']}", "subtitle"),
    ]
    if snapshot.get("extract"):
        story.append(
            para(
                f"(Trích phần liên quan đến {snapshot['extract']['unit']}; các tồn tại, hạn chế và kiến nghị "
                "giữ số thứ tự như trong báo cáo đầy đủ.)",
                "center_italic",
            )
        )
    if snapshot.get("preview"):
        story.append(
            para(
                f"(Bản dự thảo xem trước lúc {snapshot['issued_at']}, chưa ban hành, không có giá trị pháp lý. "
                "Các phát hiện còn có thể được sửa hoặc rút lại trước khi ban hành.)",
                "center_italic",
            )
        )
    if snapshot["supersedes"]:
        replaced = snapshot["supersedes"]
        story.append(
            para(
                f"(Phiên bản {snapshot['version']}, đính chính và thay thế báo cáo số {replaced['number']} "
                f"phiên bản {replaced['version']} ban hành lúc {replaced['issued_at']}. "
                f"Lý do đính chính: {snapshot['correction_reason']})",
                "center_italic",
            )
        )
    return story


def _legal_basis(snapshot: dict[str, Any]) -> list[Flowable]:
    lines = list(snapshot["legal_basis"])
    if snapshot["team_decision"]:
        lines.append(f"Căn cứ Quyết định số {snapshot['team_decision']} về việc thành lập Đoàn kiểm tra;")
    return [para(line) for line in lines]


def _general(snapshot: dict[str, Any]) -> list[Flowable]:
    story: list[Flowable] = [
        para("I. THÔNG TIN CHUNG", "h1"),
        markup(f"<b>Hình thức kiểm tra:</b> {escape(snapshot['kind'])}"),
        markup(f"<b>Thời gian kiểm tra theo kế hoạch:</b> {escape(snapshot['window'])}"),
    ]
    if snapshot["scope"]:
        story.append(markup(f"<b>Nội dung kiểm tra:</b> {escape(snapshot['scope'])}"))
    if snapshot["trigger"]:
        story.append(markup(f"<b>Căn cứ phản ánh, kiến nghị:</b> {escape(snapshot['trigger'])}"))
    story.append(para("1. Thành phần Đoàn kiểm tra", "h2"))
    rows = [["STT", "Họ và tên", "Nhiệm vụ trong Đoàn"]]
    rows += [
        [str(i), para(m["name"], "cell"), para(m["role"], "cell")] for i, m in enumerate(snapshot["team"], 1)
    ]
    story.append(table(rows, [12 * mm, 95 * mm, 68 * mm]))
    story.append(para("2. Đơn vị được kiểm tra và thời điểm kiểm tra", "h2"))
    rows = [["STT", "Đơn vị", "Thời điểm Đoàn có mặt"]]
    rows += [
        [str(i), para(u["name"], "cell"), para(u["checked_in_at"] or "—", "cell")]
        for i, u in enumerate(snapshot["units"], 1)
    ]
    story.append(table(rows, [12 * mm, 115 * mm, 48 * mm]))
    return story


def _shortcomings(snapshot: dict[str, Any]) -> list[Flowable]:
    story: list[Flowable] = [para("III. TỒN TẠI, HẠN CHẾ", "h1")]
    if not snapshot["shortcomings"]:
        return [*story, para("Đoàn kiểm tra không phát hiện tồn tại, hạn chế.")]
    for index, unit in enumerate(snapshot["shortcomings"], 1):
        story.append(para(f"{index}. {unit['unit']}", "h2"))
        for group in unit["groups"]:
            story.append(para(f"Mức độ: {group['severity']}", "h3"))
            rows = [["Số", "Nội dung tồn tại, hạn chế", "Cá nhân liên quan", "Căn cứ, thời gian, địa điểm"]]
            for item in group["findings"]:
                description = item["description"] + (" (tái phạm)" if item["repeat"] else "")
                context = "\n".join(
                    filter(None, [item["criterion"] or item["category"], item["observed_at"], item["place"]])
                )
                rows.append(
                    [
                        str(item["no"]),
                        para(description, "cell"),
                        para(item["staff"] or "—", "cell"),
                        para(context, "cell"),
                    ]
                )
            story.append(table(rows, [10 * mm, 80 * mm, 38 * mm, 47 * mm]))
    return story


def _recommendations(snapshot: dict[str, Any]) -> list[Flowable]:
    story: list[Flowable] = [para("V. KIẾN NGHỊ", "h1")]
    if not snapshot["recommendations"]:
        return [*story, para(NOTHING)]
    rows = [["STT", para("Phát hiện số", "cell_bold"), "Nội dung kiến nghị", "Đơn vị thực hiện", "Thời hạn"]]
    for index, item in enumerate(snapshot["recommendations"], 1):
        rows.append(
            [
                str(index),
                str(item["finding_no"]),
                para(item["text"], "cell"),
                para(item["unit"], "cell"),
                para(item["due_date"], "cell"),
            ]
        )
    story.append(table(rows, [10 * mm, 17 * mm, 83 * mm, 43 * mm, 22 * mm]))
    return story


def _signatures(snapshot: dict[str, Any]) -> list[Flowable]:
    signatures = snapshot["signatures"]
    blocks = []
    for key in ("leader", "issuer"):
        block = signatures[key]
        blocks.append(
            [
                para(block["title"], "center_bold"),
                para("(Ký, ghi rõ họ tên)", "center_italic"),
                Spacer(1, 18 * mm),
                para(block["name"], "center_bold"),
            ]
        )
    signature_table = table([blocks], [87 * mm, 88 * mm], header=False, grid=False)
    recipients = [markup("<b><i>Nơi nhận:</i></b>", "small")]
    recipients += [para(f"- {name};", "small") for name in snapshot["recipients"]]
    return [Spacer(1, 6 * mm), KeepTogether([signature_table, Spacer(1, 4 * mm), *recipients])]


def _thumbnail(data: bytes) -> Image | None:
    picture = thumbnail(data, THUMB_PX)
    if picture is None:
        return None
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=80)
    out.seek(0)
    ratio = picture.height / picture.width
    width = THUMB_MM * mm
    height = min(width * ratio, 60 * mm)
    return Image(out, width=height / ratio, height=height)


def _appendix(snapshot: dict[str, Any], load: ImageLoader, progress: Progress) -> list[Flowable]:
    if not snapshot["evidence"]:
        return []
    story: list[Flowable] = [PageBreak(), para("PHỤ LỤC: ẢNH MINH CHỨNG", "title"), Spacer(1, 4 * mm)]
    cells: list[list[Flowable]] = []
    total = len(snapshot["evidence"])
    for index, item in enumerate(snapshot["evidence"], 1):
        data = load(item["id"])
        picture = _thumbnail(data) if data else None
        caption = f"Ảnh {index} — phát hiện số {item['finding_no']}"
        if item["taken_at"]:
            caption += f", chụp lúc {item['taken_at']}"
        cells.append([picture or para("(không đọc được tệp ảnh)", "cell"), para(caption, "small")])
        if index % 10 == 0:
            progress(40 + 40 * index // total)
    rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
    rows[-1] += [""] * (3 - len(rows[-1]))
    grid = table(rows, [58 * mm] * 3, header=False, grid=False)
    grid.setStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")])
    return [*story, grid]


def render_inspection_report(
    snapshot: dict[str, Any], *, content_hash: str, load_image: ImageLoader, progress: Progress
) -> bytes:
    """The PDF of one issued version from its frozen snapshot, or of a preview (``snapshot["preview"]``),
    which is watermarked "DỰ THẢO" on every page and says in its footer that it was not issued."""
    progress(10)
    story: list[Flowable] = [*_heading(snapshot), *_legal_basis(snapshot), *_general(snapshot)]
    story += [para("II. ƯU ĐIỂM", "h1"), *_numbered(snapshot["strengths"])]
    story += _shortcomings(snapshot)
    story += [para("IV. NGUYÊN NHÂN", "h1"), *_numbered(snapshot["causes"])]
    story += _recommendations(snapshot)
    if snapshot["conclusion"]:
        story += [para("VI. KẾT LUẬN", "h1"), *_numbered(snapshot["conclusion"])]
    story += _signatures(snapshot)
    progress(40)
    story += _appendix(snapshot, load_image, progress)
    progress(85)
    title = f"Báo cáo {snapshot['number']} — {snapshot['title']}"
    footer = (
        f"Báo cáo số {snapshot['number']} · phiên bản {snapshot['version']} · {snapshot['inspection_code']}"
    )
    watermark = ""
    if snapshot.get("extract"):
        title = f"Trích báo cáo {snapshot['number']} — {snapshot['extract']['unit']}"
        footer = f"Trích báo cáo số {snapshot['number']} · phiên bản {snapshot['version']} · {snapshot['extract']['unit']}"
    if snapshot.get("preview"):
        title = f"Dự thảo: {title}"
        footer = (
            f"DỰ THẢO — chưa ban hành · {snapshot['inspection_code']} · xem trước lúc {snapshot['issued_at']}"
        )
        watermark = "DỰ THẢO"
    return build_pdf(story, title=title, footer_left=footer, content_hash=content_hash, watermark=watermark)
