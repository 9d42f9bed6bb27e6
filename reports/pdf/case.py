"""The summary of a disciplinary case: what the rulebook says about it on a day, with every reason.

A working document for the HR officer and the council, not the decision itself: it carries the same
explanations as the case page (``discipline.rules.case_rulebook``), in Vietnamese.
"""

from __future__ import annotations

import datetime
import hashlib

from django.utils import translation
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from discipline.models import DisciplinaryCase
from discipline.rules import CaseRulebook
from discipline.terms import Explained, fmt
from reports.pdf.base import build_pdf, para, table


def _explained(title: str, value: str, explained: Explained) -> list[Flowable]:
    rows = [[para(title, "cell_bold"), para(value, "cell_bold")]]
    rows += [[para(r.basis or "—", "cell"), para(r.text, "cell")] for r in explained.reasons]
    return [table(rows, [62 * mm, 113 * mm], header=True)]


def _day(value: datetime.date | None, none: str) -> str:
    return fmt(value) if value is not None else none


def _story(case: DisciplinaryCase, book: CaseRulebook) -> list[Flowable]:
    staff = case.staff
    person = f"{staff.full_name} ({staff.staff_code}) — {staff.get_category_display()}"
    if staff.holds_leadership_post:
        person += ", giữ chức vụ lãnh đạo, quản lý"
    if staff.mandate:
        person += f", {staff.get_mandate_display()}"
    if staff.departure:
        person += f"; {staff.get_departure_display()} {_day(staff.departed_on, '')}".rstrip()
    story: list[Flowable] = [
        para("TÓM TẮT HỒ SƠ XỬ LÝ KỶ LUẬT", "title"),
        para(f"Hồ sơ số {case.pk} — áp dụng quy định tại ngày {fmt(book.on)}", "center"),
        para("Tài liệu làm việc, không phải quyết định kỷ luật.", "center_italic"),
        para("1. Người bị xem xét xử lý kỷ luật", "h1"),
        para(f"{person}; {staff.unit.name}."),
        para(f"Ngày phát hiện: {fmt(case.discovered_on)}. Giai đoạn: {case.get_stage_display()}."),
        para("2. Các hành vi vi phạm", "h1"),
        table(
            [
                [
                    para(h, "cell_bold")
                    for h in ("Ngày", "Hành vi", "Mức độ", "Hình thức tương ứng", "Thời hiệu đến hết ngày")
                ]
            ]
            + [
                [
                    fmt(act.act_date),
                    para(act.label, "cell"),
                    para(act.gravity_label, "cell"),
                    para(act.form.name if act.form else "—", "cell"),
                    "chưa rõ" if statute.missing else _day(statute.value, "không áp dụng"),
                ]
                for act, statute in book.act_statutes
            ],
            [20 * mm, 55 * mm, 38 * mm, 32 * mm, 30 * mm],
        ),
        para("3. Thời hiệu, thời hạn", "h1"),
        *_explained(
            "Thời hiệu xử lý kỷ luật",
            "chưa rõ"
            if book.statute.missing
            else f"đến hết ngày {_day(book.statute.value, 'không áp dụng')}",
            book.statute,
        ),
        *_explained(
            "Thời hạn xử lý kỷ luật",
            f"đến hết ngày {fmt(book.processing.value)}" if book.processing.value else "không áp dụng",
            book.processing,
        ),
    ]
    if book.paused_by is not None:
        pause = book.paused_by
        story.append(
            para(
                f"Đang tạm dừng từ {fmt(pause.start)} ({pause.get_reason_display()}): chưa được ra quyết định."
            )
        )
    story += [
        para("4. Hình thức kỷ luật", "h1"),
        *_explained(
            "Hình thức pháp luật cho phép", ", ".join(f.name for f in book.offered.value) or "—", book.offered
        ),
    ]
    if case.form is None:
        story += _explained(
            "Hình thức có thể quyết định trong hồ sơ này",
            ", ".join(f.name for f in book.decision.value) or "không có",
            book.decision,
        )
    else:
        start = fmt(case.effective_from) if case.effective_from else ""
        effective = start + (f" – {fmt(case.effective_to)}" if case.effective_to else "")
        story.append(
            para(
                f"Đã quyết định: {case.form.name}, quyết định số {case.decision_number} ngày "
                f"{fmt(case.decision_date) if case.decision_date else ''}, hiệu lực {effective}."
            )
        )
        if book.promotion_bar.value:
            story += _explained(
                "Không nâng ngạch, quy hoạch, bổ nhiệm",
                f"đến ngày {fmt(book.promotion_bar.value)}",
                book.promotion_bar,
            )
    if book.legal_basis:
        story += [para("5. Căn cứ pháp lý", "h1"), *[para(f"– {basis}") for basis in book.legal_basis]]
    return story


def _digest(case: DisciplinaryCase, book: CaseRulebook) -> str:
    """SHA-256 of what the summary states, so two printouts can be compared at a glance."""
    parts = [str(case.pk), fmt(book.on), case.stage, str(case.form_id), *book.legal_basis]
    for explained in (book.statute, book.processing, book.offered, book.decision, book.promotion_bar):
        parts += [str(explained.value), *(str(r) for r in explained.reasons)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def case_summary_pdf(case: DisciplinaryCase, book: CaseRulebook) -> bytes:
    with translation.override("vi"):
        story = _story(case, book)
        digest = _digest(case, book)
        return build_pdf(
            story,
            title=f"Tóm tắt hồ sơ kỷ luật {case.pk}",
            subject="Tóm tắt hồ sơ xử lý kỷ luật (tài liệu làm việc, không phải quyết định)",
            footer=f"Hồ sơ kỷ luật số {case.pk}, lập ngày {fmt(book.on)} — mã nội dung {digest[:16]}",
        )
