"""Demo checklists and inspections (loaded by ``manage.py load_demo`` after the organisation).

Dates are relative to today so the demo always shows one inspection in fieldwork, one unannounced
inspection still confidential, one announced, one with an issued report and one draft case verification.
"""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from inspection import services
from inspection.models import ChecklistTemplate, Criterion, Inspection, InspectionPlan, PlanStatus
from staff.models import Staff, Unit

DECISION_522 = "Quyết định 522/QĐ-UBND ngày 25/01/2017 của UBND TP Hà Nội (Quy tắc ứng xử)"


DECREE_61 = "Nghị định 61/2018/NĐ-CP; Nghị định 107/2021/NĐ-CP (cơ chế một cửa)"

TEMPLATES = {
    "KTCV": (
        "Kiểm tra công vụ tại UBND cấp xã và Trung tâm Phục vụ hành chính công",
        [
            (
                "GH-01",
                "working_hours",
                "Chấp hành thời giờ làm việc: có mặt đúng giờ, không bỏ vị trí trong giờ làm việc.",
                "Bộ luật Lao động 2019; " + DECISION_522,
            ),
            (
                "GH-02",
                "working_hours",
                "Không sử dụng đồ uống có cồn trong giờ làm việc và giờ nghỉ trưa của ngày làm việc.",
                DECISION_522,
            ),
            (
                "UX-01",
                "code_of_conduct",
                "Thái độ, tác phong giao tiếp với người dân, doanh nghiệp lịch sự; không gây phiền hà, sách nhiễu.",
                DECISION_522,
            ),
            (
                "UX-02",
                "code_of_conduct",
                "Không nhận quà, tiền của tổ chức, cá nhân có liên quan đến việc giải quyết công việc.",
                DECISION_522,
            ),
            (
                "TP-01",
                "badge_dress",
                "Đeo thẻ cán bộ, công chức, viên chức; trang phục gọn gàng, lịch sự.",
                "Quyết định 1847/QĐ-TTg ngày 27/12/2018 (Văn hóa công vụ); " + DECISION_522,
            ),
            (
                "MC-01",
                "one_stop_desk",
                "Tiếp nhận, giải quyết hồ sơ TTHC đúng quy trình tại Bộ phận Một cửa; hướng dẫn đầy đủ, một lần.",
                DECREE_61,
            ),
            (
                "MC-02",
                "late_dossiers",
                "Hồ sơ giải quyết quá hạn có Phiếu xin lỗi và hẹn lại ngày trả kết quả.",
                DECREE_61 + " — Mẫu số 04",
            ),
            (
                "NY-01",
                "public_posting",
                "Niêm yết công khai, đầy đủ, đúng quy định các TTHC và quy trình giải quyết.",
                "Nghị định 63/2010/NĐ-CP; Thông tư 02/2017/TT-VPCP",
            ),
            (
                "TD-01",
                "citizen_reception",
                "Bố trí lịch và thực hiện tiếp công dân định kỳ, đột xuất theo quy định.",
                "Luật Tiếp công dân 2013",
            ),
            (
                "NV-01",
                "task_execution",
                "Thực hiện nhiệm vụ được giao đúng tiến độ; không đùn đẩy, né tránh trách nhiệm.",
                "Luật Cán bộ, công chức; Luật Viên chức",
            ),
        ],
    ),
    "5X3C": (
        "Chuyên đề “5 xây – 3 chống” trong thực thi công vụ",
        [
            (
                "5X-01",
                "five_build_three_fight",
                "Xây dựng tinh thần trách nhiệm, tính chuyên nghiệp, trung thực, kỷ cương, gương mẫu của CBCCVC.",
                "Chỉ thị 29-CT/TU của Ban Thường vụ Thành ủy Đà Nẵng",
            ),
            (
                "3C-01",
                "five_build_three_fight",
                "Chống quan liêu, chống tiêu cực, chống bệnh hình thức trong giải quyết công việc.",
                "Chỉ thị 29-CT/TU của Ban Thường vụ Thành ủy Đà Nẵng",
            ),
            (
                "NV-01",
                "task_execution",
                "Đánh giá kết quả thực hiện nhiệm vụ gắn với tiêu chí “5 xây”, “3 chống”.",
                "Chỉ thị 29-CT/TU",
            ),
        ],
    ),
}


def _templates() -> dict[str, ChecklistTemplate]:
    result = {}
    for code, (name, criteria) in TEMPLATES.items():
        template, created = ChecklistTemplate.objects.get_or_create(
            code=code, version=1, defaults={"name": name}
        )
        if created:
            Criterion.objects.bulk_create(
                Criterion(template=template, code=c, category=cat, text=text, legal_basis=basis, position=i)
                for i, (c, cat, text, basis) in enumerate(criteria, start=1)
            )
        result[code] = template
    return result


@transaction.atomic
def load_inspection_demo() -> dict[str, int]:
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["director", "inspector", "inspector2"])
    }
    director, inspector, inspector2 = users["director"], users["inspector"], users["inspector2"]
    templates = _templates()
    today = timezone.localdate()
    body = Unit.objects.get(code="HN.SNV")
    plan = InspectionPlan.objects.filter(
        title__startswith="Kế hoạch kiểm tra công vụ năm", period_start__year=today.year
    ).first()
    if plan is None:
        plan = services.plan_create(
            actor=director,
            title=f"Kế hoạch kiểm tra công vụ năm {today.year}",
            issuing_unit=body,
            period_start=datetime.date(today.year, 1, 1),
            period_end=datetime.date(today.year, 12, 31),
        )
    if plan.status == PlanStatus.DRAFT:
        services.plan_approve(
            actor=director,
            plan=plan,
            decision_number=f"125/KH-SNV/{today.year}",
            decision_date=datetime.date(today.year, 1, 15),
        )

    def make(
        title: str, kind: str, unit_code: str, start_offset: int, team, steps: list[str], **extra
    ) -> Inspection:
        existing = Inspection.objects.filter(title=title).first()
        if existing is not None:
            return existing
        start = today + datetime.timedelta(days=start_offset)
        in_plan = plan if kind in ("scheduled", "thematic") and start.year == today.year else None
        end = start + datetime.timedelta(days=4)
        if in_plan is not None:
            end = min(end, plan.period_end)
        inspection = services.inspection_create(
            actor=director,
            title=title,
            kind=kind,
            plan=in_plan,
            inspecting_unit=body,
            template=templates[extra.pop("template", "KTCV")],
            planned_start=start,
            planned_end=end,
            targets=[Unit.objects.get(code=unit_code)],
            team=team,
            team_decision_number=f"{abs(start_offset) + 300}/QĐ-SNV",
            team_decision_date=start - datetime.timedelta(days=7),
            **extra,
        )
        for action in steps:
            first = inspection.targets.first()
            check_in = first.unit if action == "start" and first is not None else None
            inspection = services.inspection_transition(
                actor=director, inspection=inspection, action=action, check_in_unit=check_in
            )
        return inspection

    lead_team = [(inspector, "leader"), (inspector2, "member")]
    make(
        "Kiểm tra công vụ tại UBND phường Hoàn Kiếm",
        "scheduled",
        "HN.P-HK",
        -1,
        lead_team,
        ["approve", "announce", "start"],
    )
    make(
        "Kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương tại phường Cửa Nam",
        "unannounced",
        "HN.P-CN",
        2,
        [(inspector2, "leader"), (inspector, "member")],
        ["approve"],
    )
    make(
        "Kiểm tra công vụ tại UBND phường Ba Đình",
        "scheduled",
        "HN.P-BD",
        10,
        lead_team,
        ["approve", "announce"],
    )
    make(
        "Xác minh phản ánh về thái độ tiếp dân tại xã Sóc Sơn",
        "case_verification",
        "HN.X-SS",
        5,
        lead_team,
        [],
        trigger_reference="Phản ánh 1022/PA qua đường dây nóng",
        trigger_summary="Người dân phản ánh công chức một cửa gây khó khăn khi chứng thực.",
    )
    issued = make(
        "Kiểm tra chuyên đề “5 xây – 3 chống” tại phường Hoàn Kiếm",
        "thematic",
        "HN.P-HK",
        -30,
        lead_team,
        ["approve", "announce", "start"],
        template="5X3C",
    )
    if issued.status == "in_progress":
        _issued_findings(issued, inspector, director)
    return {"inspections": Inspection.objects.count()}


def _issued_findings(inspection: Inspection, inspector, director) -> None:
    from findings.services import finding_record

    target = inspection.targets.first()
    assert target is not None, "the demo inspections each have a target"
    unit = target.unit
    one_stop = Unit.objects.get(code="HN.P-HK.MC")
    clerk = Staff.objects.get(user__username="staff")
    criteria = {c.code: c for c in inspection.template.criteria.all()}
    finding_record(
        actor=inspector,
        inspection=inspection,
        client_uuid=uuid.UUID(int=1),
        unit=one_stop,
        staff=clerk,
        criterion=criteria["3C-01"],
        category="five_build_three_fight",
        severity="minor",
        description="Công chức tiếp nhận hồ sơ yêu cầu người dân bổ sung giấy tờ không có trong thành phần hồ sơ đã niêm yết.",
        place="Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
        recommendation="Chấn chỉnh việc yêu cầu bổ sung hồ sơ; tổ chức kiểm điểm cá nhân và trưởng bộ phận.",
    )
    finding_record(
        actor=inspector,
        inspection=inspection,
        client_uuid=uuid.UUID(int=2),
        unit=unit,
        criterion=criteria["NV-01"],
        category="task_execution",
        severity="minor",
        description="Chưa đánh giá kết quả thực hiện nhiệm vụ của CBCCVC gắn với tiêu chí “5 xây”, “3 chống” trong quý III.",
        recommendation="Bổ sung đánh giá và báo cáo kết quả về Sở Nội vụ.",
    )
    from findings.action_services import action_add
    from findings.models import Finding

    today = timezone.localdate()
    findings = {f.client_uuid.int: f for f in Finding.objects.filter(inspection=inspection)}
    action_add(
        actor=inspector,
        finding=findings[1],
        text="Tổ chức kiểm điểm công chức và trưởng bộ phận một cửa; báo cáo kết quả về Sở Nội vụ.",
        responsible_unit=unit,
        due_date=today + datetime.timedelta(days=2),
    )
    action_add(
        actor=inspector,
        finding=findings[2],
        text="Hoàn thành đánh giá CBCCVC theo tiêu chí “5 xây”, “3 chống” quý III.",
        responsible_unit=unit,
        due_date=today + datetime.timedelta(days=20),
    )
    from reports.services import draft_update

    draft_update(
        actor=inspector,
        inspection=inspection,
        legal_basis=(
            "Căn cứ Quyết định số 1847/QĐ-TTg ngày 27 tháng 12 năm 2018 của Thủ tướng Chính phủ phê duyệt "
            "Đề án Văn hóa công vụ"
        ),
        strengths=(
            "UBND phường đã ban hành kế hoạch triển khai thực hiện tiêu chí “5 xây”, “3 chống”; "
            "niêm yết công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa.\n"
            "Cán bộ, công chức chấp hành nghiêm giờ giấc làm việc, đeo thẻ công chức đúng quy định."
        ),
        causes="Công tác kiểm tra, giám sát nội bộ của người đứng đầu chưa thường xuyên.",
        conclusion="Yêu cầu UBND phường thực hiện nghiêm các kiến nghị và báo cáo kết quả về Sở Nội vụ.",
    )
    inspection = services.inspection_transition(
        actor=director, inspection=inspection, action="finish_fieldwork"
    )
    from reports.demo import load_reports_demo
    from reports.issuance import issue_inspection

    load_reports_demo()
    issue_inspection(actor=director, inspection=inspection)
    from discipline.models import SanctionForm
    from discipline.services import case_assess, case_open, case_review_meeting

    clerk_finding = Finding.objects.get(pk=findings[1].pk)
    case = case_open(
        actor=director,
        findings=[clerk_finding],
        act_date=today - datetime.timedelta(days=30),
        discovered_on=today - datetime.timedelta(days=30),
        gravity="reprimand",
    )
    case = case_review_meeting(actor=director, case=case, held_on=today - datetime.timedelta(days=10))
    case_assess(actor=director, case=case, form=SanctionForm.objects.get(code="khien_trach"))
