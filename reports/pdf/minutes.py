"""The on-site minutes (Biên bản kiểm tra), in the Decree 30 layout (Phụ lục III, mẫu 1.9).

The two drawn signatures are printed where the signers signed: the unit's representative on the left,
the team leader (TM. ĐOÀN KIỂM TRA) on the right; the agency's digital signature, which makes the
electronic copy verifiable, is stamped beneath them.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer

from reports.models import InspectionMinutes
from reports.pdf.base import (
    TEXT_WIDTH,
    Progress,
    SignatureBox,
    SignaturePlace,
    build_pdf,
    document_heading,
    heading,
    markup,
    para,
    table,
    title_block,
    two_signatures,
)
from reports.pdf.inspection import NOTHING
from reports.wording import long_date, place_and_date

SIGNATURE_WIDTH = 45 * mm
SIGNATURE_HEIGHT = 20 * mm


def _drawn(png: bytes) -> Image | None:
    try:
        with PILImage.open(io.BytesIO(bytes(png))) as source:
            ratio = source.height / source.width if source.width else 0.4
    except (OSError, ValueError):
        return None
    height = min(SIGNATURE_WIDTH * ratio, SIGNATURE_HEIGHT)
    return Image(
        io.BytesIO(bytes(png)), width=height / ratio if ratio else SIGNATURE_WIDTH, height=height, mask="auto"
    )


def render_minutes(
    minutes: InspectionMinutes, *, progress: Progress, signature_places: list[SignatureBox] | None = None
) -> bytes:
    content: dict[str, Any] = minutes.content
    signed = timezone.localtime(minutes.signed_at)
    unit = content["unit"]
    progress(10)
    story: list[Flowable] = [
        document_heading(content["heading"], minutes.number, place_and_date(content["place"], signed.date())),
        *title_block("BIÊN BẢN", content["summary"]),
    ]
    if content["team_decision"]:
        story.append(para(content["team_decision"].replace("Căn cứ", "Thực hiện", 1) + ";"))
    story.append(
        para(
            f"Hôm nay, vào lúc {unit['checked_in_at'] or signed.strftime('%H:%M %d/%m/%Y')}, tại {unit['name']}, "
            f"Đoàn kiểm tra tiến hành kiểm tra theo nội dung cuộc kiểm tra {content['inspection_code']} "
            f"— {content['inspection_title']}."
        )
    )
    story += heading("I. THÀNH PHẦN", "h1")
    story.append(markup("<b>1. Đoàn kiểm tra:</b>", "plain"))
    story += [para(f"- {member['name']} — {member['role']};", "plain") for member in content["team"]]
    story.append(markup("<b>2. Đại diện đơn vị được kiểm tra:</b>", "plain"))
    story.append(para(f"- {minutes.representative_name} — {minutes.representative_position}.", "plain"))
    story += heading("II. KẾT QUẢ KIỂM TRA", "h1")
    story += heading("1. Kết quả theo tiêu chí", "h2")
    if content["results"]:
        rows: list[list[Any]] = [["Mã", "Tiêu chí", "Kết quả", "Ghi chú"]]
        rows += [
            [r["code"], para(r["text"], "cell"), para(r["result"], "cell"), para(r["note"] or "—", "cell")]
            for r in content["results"]
        ]
        story.append(table(rows, [18 * mm, 82 * mm, 28 * mm, TEXT_WIDTH - 128 * mm]))
    else:
        story.append(para(NOTHING))
    story += heading("2. Tồn tại, hạn chế ghi nhận tại đơn vị", "h2")
    if content["findings"]:
        rows = [["Số", "Nội dung", "Cá nhân liên quan", "Mức độ, thời điểm"]]
        rows += [
            [
                str(f["no"]),
                para(f["description"], "cell"),
                para(f["staff"] or "—", "cell"),
                para(f"{f['severity']}\n{f['observed_at']}", "cell"),
            ]
            for f in content["findings"]
        ]
        story.append(table(rows, [12 * mm, 78 * mm, 38 * mm, TEXT_WIDTH - 128 * mm]))
    else:
        story.append(para("Đoàn kiểm tra không ghi nhận tồn tại, hạn chế tại đơn vị."))
    if content["recommendations"]:
        story += heading("3. Kiến nghị của Đoàn kiểm tra", "h2")
        rows = [["Phát hiện số", "Nội dung kiến nghị", "Đơn vị thực hiện", "Thời hạn"]]
        rows += [
            [str(r["finding_no"]), para(r["text"], "cell"), para(r["unit"], "cell"), r["due_date"]]
            for r in content["recommendations"]
        ]
        story.append(table(rows, [22 * mm, 80 * mm, 38 * mm, TEXT_WIDTH - 140 * mm]))
    story += heading("III. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA", "h1")
    story.append(para(minutes.objections or "Đơn vị nhất trí với nội dung biên bản, không có ý kiến khác."))
    progress(50)
    story.append(
        para(
            f"Biên bản kết thúc vào lúc {signed:%H} giờ {signed:%M}, {long_date(signed.date())}, đã được đọc lại "
            "cho các thành phần cùng nghe, nhất trí và ký tên trên thiết bị của Đoàn kiểm tra."
        )
    )
    left = {
        "lines": ["ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", minutes.representative_position.upper()],
        "name": minutes.representative_name,
    }
    right = {
        "lines": [f"TM. {content['heading']['issuer']}", minutes.leader_position.upper()],
        "name": minutes.leader_name,
    }
    story += [
        Spacer(1, 4 * mm),
        two_signatures(
            left,
            right,
            None,
            (_drawn(bytes(minutes.representative_signature)), _drawn(bytes(minutes.leader_signature))),
        ),
        Spacer(1, 4 * mm),
        para("Xác thực bản điện tử của biên bản (chữ ký số của cơ quan):", "sign_note"),
        SignaturePlace(signature_places, height=22 * mm),
        para(f"Mã kiểm tra biên bản (SHA-256): {minutes.record_sha256}", "hash"),
    ]
    return build_pdf(
        story, title=f"Biên bản {minutes.number} — {unit['name']}", subject=minutes.record_sha256
    )
