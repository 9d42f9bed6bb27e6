"""The conclusion notice (Thông báo kết luận kiểm tra), in the Decree 30 layout (Phụ lục III, mẫu 1.4:
a document with a type name)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from reports.pdf.base import (
    Progress,
    SignatureBox,
    build_pdf,
    closing,
    document_heading,
    heading,
    numbered_basis,
    para,
    title_block,
)
from reports.pdf.inspection import NOTHING, place_date_line, recommendations, shortcomings


def _lines(lines: list[str]) -> list[Flowable]:
    return [para(line) for line in lines] or [para(NOTHING)]


def render_notice(
    content: dict[str, Any],
    *,
    content_hash: str,
    progress: Progress,
    signature_places: list[SignatureBox] | None = None,
) -> bytes:
    progress(10)
    name = "TRÍCH THÔNG BÁO" if content.get("extract") else "THÔNG BÁO"
    story: list[Flowable] = [
        document_heading(content["heading"], content["number"], place_date_line(content)),
        *title_block(name, content["summary"]),
    ]
    if content.get("extract"):
        story.append(
            para(
                f"(Trích phần liên quan đến {content['extract']['unit']}; các tồn tại, hạn chế và kiến nghị "
                "giữ số thứ tự như trong báo cáo của Đoàn kiểm tra.)",
                "center_italic",
            )
        )
    if content.get("supersedes"):
        story.append(
            para(
                f"(Thông báo này căn cứ phiên bản {content['version']} của báo cáo, đính chính phiên bản "
                f"{content['supersedes']['version']}. Lý do đính chính: {content['correction_reason']})",
                "center_italic",
            )
        )
    story += numbered_basis(content["legal_basis"])
    story.append(para(content["opening"]))
    story += [*heading("I. ƯU ĐIỂM"), *_lines(content["strengths"])]
    story += shortcomings(content, number="II")
    story += [*heading("III. NGUYÊN NHÂN"), *_lines(content["causes"])]
    story += recommendations(content, number="IV", title="KIẾN NGHỊ VÀ YÊU CẦU")
    if content["conclusion"]:
        story += [*heading("V. KẾT LUẬN"), *_lines(content["conclusion"])]
    story.append(para(content["closing"]))
    progress(50)
    story += closing(
        content["recipients"], content["signatures"][0], signature_places, content_hash=content_hash
    )
    title = f"Thông báo kết luận {content['number']} — {content['title']}"
    return build_pdf(story, title=title, subject=content_hash)
