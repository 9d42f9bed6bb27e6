"""The team's report (Báo cáo kết quả kiểm tra) and its unit extracts, in the Decree 30 layout.

The report is the team leader's, sent to the head of the inspecting body ("Kính gửi", Phụ lục I,
II.9.b), issued in the team's name under its agency with the team's own numbering, and signed
"TM. ĐOÀN KIỂM TRA / TRƯỞNG ĐOÀN". The sections that list findings and recommendations are shared with
the conclusion notice (``reports.pdf.notice``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from findings.evidence import thumbnail
from reports.content import upgraded
from reports.pdf.base import (
    TEXT_WIDTH,
    Progress,
    SignatureBox,
    build_pdf,
    closing,
    document_heading,
    heading,
    markup,
    numbered_basis,
    para,
    table,
    title_block,
)
from reports.wording import parse_vn_date, place_and_date

ImageLoader = Callable[[int], bytes | None]
THUMB_PX = 480
THUMB_MM = 48
NOTHING = "Không có nội dung."


def _numbered(lines: list[str]) -> list[Flowable]:
    return [para(line) for line in lines] or [para(NOTHING)]


def place_date_line(snapshot: dict[str, Any]) -> str:
    return place_and_date(snapshot["place"], parse_vn_date(snapshot["issued_on"]))


def units_phrase(snapshot: dict[str, Any]) -> str:
    names = [unit["name"] for unit in snapshot["units"]]
    return ", ".join(names) if len(names) < 4 else f"{len(names)} đơn vị"


def _heading(snapshot: dict[str, Any]) -> list[Flowable]:
    number = snapshot["number"] + (" (dự thảo)" if snapshot.get("preview") and snapshot["number"] else "")
    name = "TRÍCH BÁO CÁO" if snapshot.get("extract") else "BÁO CÁO"
    story: list[Flowable] = [
        document_heading(snapshot["heading"], number, place_date_line(snapshot)),
        *title_block(name, f"Kết quả kiểm tra: {snapshot['title']}"),
    ]
    if snapshot.get("to"):
        story.append(para(f"Kính gửi: {snapshot['to']}.", "to"))
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


def general(snapshot: dict[str, Any], number: str = "I") -> list[Flowable]:
    story: list[Flowable] = [
        *heading(f"{number}. THÔNG TIN CHUNG"),
        markup(f"<b>Hình thức kiểm tra:</b> {escape(snapshot['kind'])}", "plain"),
        markup(f"<b>Thời gian kiểm tra theo kế hoạch:</b> {escape(snapshot['window'])}", "plain"),
    ]
    if snapshot["scope"]:
        story.append(markup(f"<b>Nội dung kiểm tra:</b> {escape(snapshot['scope'])}", "plain"))
    if snapshot["trigger"]:
        story.append(markup(f"<b>Căn cứ phản ánh, kiến nghị:</b> {escape(snapshot['trigger'])}", "plain"))
    story += heading("1. Thành phần Đoàn kiểm tra", "h2")
    rows: list[list[Any]] = [["STT", "Họ và tên", "Nhiệm vụ trong Đoàn"]]
    rows += [
        [str(i), para(m["name"], "cell"), para(m["role"], "cell")] for i, m in enumerate(snapshot["team"], 1)
    ]
    story.append(table(rows, [14 * mm, 95 * mm, TEXT_WIDTH - 109 * mm]))
    story += heading("2. Đơn vị được kiểm tra và thời điểm kiểm tra", "h2")
    rows = [["STT", "Đơn vị", "Thời điểm Đoàn có mặt"]]
    rows += [
        [str(i), para(u["name"], "cell"), para(u["checked_in_at"] or "—", "cell")]
        for i, u in enumerate(snapshot["units"], 1)
    ]
    story.append(table(rows, [14 * mm, 100 * mm, TEXT_WIDTH - 114 * mm]))
    return story


FINDING_WIDTHS = [12 * mm, 70 * mm, 36 * mm, TEXT_WIDTH - 118 * mm]


def shortcomings(snapshot: dict[str, Any], number: str = "III") -> list[Flowable]:
    story: list[Flowable] = heading(f"{number}. TỒN TẠI, HẠN CHẾ")
    if not snapshot["shortcomings"]:
        return [*story, para("Đoàn kiểm tra không phát hiện tồn tại, hạn chế.")]
    for index, unit in enumerate(snapshot["shortcomings"], 1):
        story += heading(f"{index}. {unit['unit']}", "h2")
        for group in unit["groups"]:
            story += heading(f"Mức độ: {group['severity']}", "h3")
            rows: list[list[Any]] = [
                ["Số", "Nội dung tồn tại, hạn chế", "Cá nhân liên quan", "Căn cứ, thời gian, địa điểm"]
            ]
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
            story.append(table(rows, FINDING_WIDTHS))
    return story


def recommendations(snapshot: dict[str, Any], number: str = "V", title: str = "KIẾN NGHỊ") -> list[Flowable]:
    story: list[Flowable] = heading(f"{number}. {title}")
    if not snapshot["recommendations"]:
        return [*story, para(NOTHING)]
    rows: list[list[Any]] = [
        ["STT", para("Phát hiện số", "cell_bold"), "Nội dung kiến nghị", "Đơn vị thực hiện", "Thời hạn"]
    ]
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
    story.append(table(rows, [12 * mm, 18 * mm, 70 * mm, 38 * mm, TEXT_WIDTH - 138 * mm]))
    return story


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
    """Phụ lục I, III.1.b: "Phụ lục" on its own line, 14 pt bold, the name in bold capitals beneath."""
    if not snapshot["evidence"]:
        return []
    story: list[Flowable] = [
        PageBreak(),
        para("Phụ lục", "title"),
        para("ẢNH MINH CHỨNG", "summary"),
        Spacer(1, 4 * mm),
    ]
    cells: list[list[Flowable]] = []
    total = len(snapshot["evidence"])
    for index, item in enumerate(snapshot["evidence"], 1):
        data = load(item["id"])
        picture = _thumbnail(data) if data else None
        caption = f"Ảnh {index} — phát hiện số {item['finding_no']}"
        if item["taken_at"]:
            caption += f", chụp lúc {item['taken_at']}"
        cells.append([picture or para("(không đọc được tệp ảnh)", "cell"), para(caption, "cell_center")])
        if index % 10 == 0:
            progress(40 + 40 * index // total)
    rows: list[list[Any]] = [cells[i : i + 3] for i in range(0, len(cells), 3)]
    rows[-1] += [""] * (3 - len(rows[-1]))
    grid = table(rows, [TEXT_WIDTH / 3] * 3, header=False, grid=False)
    grid.setStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")])
    return [*story, grid]


def render_inspection_report(
    snapshot: dict[str, Any],
    *,
    content_hash: str,
    load_image: ImageLoader,
    progress: Progress,
    signature_places: list[SignatureBox] | None = None,
) -> bytes:
    """The PDF of one issued version from its frozen snapshot, or of a preview (``snapshot["preview"]``),
    which is watermarked "DỰ THẢO" on every page and says in its footer that it was not issued.
    ``signature_places`` receives where the signer's stamp goes."""
    snapshot = upgraded(snapshot)
    progress(10)
    story: list[Flowable] = [
        *_heading(snapshot),
        *numbered_basis(snapshot["legal_basis"]),
        *general(snapshot),
    ]
    story += [*heading("II. ƯU ĐIỂM"), *_numbered(snapshot["strengths"])]
    story += shortcomings(snapshot)
    story += [*heading("IV. NGUYÊN NHÂN"), *_numbered(snapshot["causes"])]
    story += recommendations(snapshot)
    if snapshot["conclusion"]:
        story += [*heading("VI. KẾT LUẬN"), *_numbered(snapshot["conclusion"])]
    story += closing(
        snapshot["recipients"], snapshot["signatures"][0], signature_places, content_hash=content_hash
    )
    progress(40)
    story += _appendix(snapshot, load_image, progress)
    progress(85)
    title = f"Báo cáo {snapshot['number']} — {snapshot['title']}"
    footer, watermark = "", ""
    if snapshot.get("extract"):
        title = f"Trích báo cáo {snapshot['number']} — {snapshot['extract']['unit']}"
    if snapshot.get("preview"):
        title = f"Dự thảo: {title}"
        footer = (
            f"DỰ THẢO — chưa ban hành · {snapshot['inspection_code']} · xem trước lúc {snapshot['issued_at']}"
        )
        watermark = "DỰ THẢO"
    return build_pdf(story, title=title, subject=content_hash, watermark=watermark, footer=footer)
