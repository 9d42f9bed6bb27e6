"""Issue 15, row by row: each test is one row of the issue's table ("the law" against "congvu now").

The tests go through what existed before the change wherever they can (``services.case_decide``,
``services.case_pause``, ``rules.promotion_bar_until``, the rulebook rows, the case page), so each of them
failed on the code before issue 15; newer names are imported inside the tests that need them.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from core.states import Refused
from discipline import rules, services
from discipline.models import DisciplinaryCase, DisciplineRule, SanctionForm
from staff.models import Staff

D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def form(code: str) -> SanctionForm:
    return SanctionForm.objects.get(code=code)


def _staff(org, category="cong_chuc", **extra) -> Staff:
    values = {
        "staff_code": f"T{Staff.objects.count():04d}",
        "full_name": "Đặng Thu Trang",
        "unit": org.division_in,
    }
    return Staff.objects.create(category=category, **{**values, **extra})


def _council(org, staff, act_date, **extra) -> DisciplinaryCase:
    """A case before the council, ready for its decision."""
    values = dict(
        staff=staff,
        act_date=act_date,
        discovered_on=act_date,
        gravity="reprimand",
        stage="council",
        opened_by=org.users["director"],
    )
    return DisciplinaryCase.objects.create(**{**values, **extra})


def _decide(org, case, code, on):
    return services.case_decide(
        actor=org.users["director"],
        case=case,
        form=form(code),
        decision_number=f"{case.pk}/QĐ-UBND",
        decision_date=on,
        effective_from=on,
    )


def test_nguoi_lao_dong_forms_and_statute(org):
    """Bộ luật Lao động 2019 Đ.124 (forms) and Đ.123 k.1 (6 months; 12 for finance, property, secrets).
    Before: no form was offered, and the civil-service 5/10-year statute applied."""
    worker = _staff(org, "nguoi_lao_dong")
    assert (
        _decide(org, _council(org, worker, D(2026, 9, 1)), "keo_dai_nang_luong", D(2026, 12, 1)).stage
        == "decided"
    )
    late = _council(org, worker, D(2026, 3, 2))
    with pytest.raises(ValidationError, match="statute of limitations ended on 02/09/2026"):
        _decide(org, late, "khien_trach", D(2026, 12, 1))
    money = _council(org, worker, D(2026, 3, 2), finance_related=True)
    assert _decide(org, money, "sa_thai", D(2026, 12, 1)).form.code == "sa_thai"


def test_people_who_have_left_or_retired(org):
    """Luật CBCC Đ.84 k.5 (sđ k.18 Đ.1 Luật 52/2019): khiển trách, cảnh cáo, xóa tư cách chức vụ đã
    đảm nhiệm. Before: ``is_active`` was ignored and that form did not exist."""
    retired = _staff(org, holds_leadership_post=True, is_active=False)
    with pytest.raises(ValidationError, match="rulebook allows"):
        _decide(org, _council(org, retired, D(2026, 5, 4)), "buoc_thoi_viec", D(2026, 12, 1))
    case = _decide(org, _council(org, retired, D(2026, 5, 4)), "xoa_tu_cach_chuc_vu", D(2026, 12, 1))
    assert case.form.name == "Xóa tư cách chức vụ đã đảm nhiệm"


def test_statute_end_day(org):
    """Bộ luật Dân sự 2015 Đ.147–148: five years from 16/03/2021 end with Monday 16/03/2026. Before: the
    day before the anniversary (15/03/2026) was the last."""
    case = _council(org, org.own_staff, D(2021, 3, 16))
    assert _decide(org, case, "khien_trach", D(2026, 3, 16)).stage == "decided"


def test_statute_restarts_on_a_new_violation(org):
    """NĐ 112/2020 Đ.5 k.1 (sđ NĐ 71/2023): the act of 10/01/2020 (term to 10/01/2025) is counted again
    from the new violation of 03/06/2024. Before: not modelled, the decision was refused."""
    earlier = _council(org, org.own_staff, D(2020, 1, 10))
    _council(org, org.own_staff, D(2024, 6, 3), stage="opened")
    assert _decide(org, earlier, "khien_trach", D(2026, 12, 1)).stage == "decided"


def test_repeat_while_a_sanction_is_in_force(org):
    """NĐ 172/2025 Đ.2 k.3 (and NĐ 112/2020 Đ.2 k.3): one level above the sanction in force, or above the
    new act's own form when that is heavier. Before: always one above the sanction in force, and any
    offered form could be decided."""
    _council(
        org,
        org.own_staff,
        D(2025, 11, 3),
        stage="decided",
        form=form("khien_trach"),
        decision_date=D(2026, 1, 5),
        effective_from=D(2026, 1, 5),
        effective_to=D(2026, 12, 31),
    )
    repeat = _council(org, org.own_staff, D(2026, 3, 2))
    with pytest.raises(ValidationError, match="rulebook allows"):
        _decide(org, repeat, "khien_trach", D(2026, 12, 1))  # not above the sanction in force
    repeat.act_form = form("canh_cao")  # the new act alone warrants more than the sanction in force
    repeat.save()
    with pytest.raises(ValidationError, match="rulebook allows for this case: Buộc thôi việc"):
        _decide(org, repeat, "canh_cao", D(2026, 12, 1))
    assert _decide(org, repeat, "buoc_thoi_viec", D(2026, 12, 1)).stage == "decided"


def test_several_acts_judged_together(org):
    """NĐ 172/2025 Đ.2 k.2 (cán bộ, công chức from 01/07/2025): the heaviest. NĐ 112/2020 Đ.2 k.2 (viên
    chức, and cán bộ/công chức before): one level above the heaviest, unless bãi nhiệm or buộc thôi việc.
    Before: no rule at all."""
    from discipline.rules import several_acts_form

    clerk = org.own_staff
    pair = [form("khien_trach"), form("canh_cao")]
    assert several_acts_form(clerk, pair, D(2025, 7, 1)).code == "canh_cao"
    assert several_acts_form(clerk, pair, D(2025, 6, 30)).code == "ha_bac_luong"
    teacher = _staff(org, "vien_chuc")
    assert several_acts_form(teacher, pair, D(2026, 12, 1)).code == "buoc_thoi_viec"
    assert several_acts_form(teacher, [form("canh_cao"), form("buoc_thoi_viec")], D(2026, 12, 1)).code == (
        "buoc_thoi_viec"
    )
    assert several_acts_form(clerk, [form("ha_bac_luong"), form("canh_cao")], D(2025, 7, 1)) is None


def test_bar_on_promotion_for_ha_bac_luong(org):
    """Luật CBCC Đ.82 k.2 (sđ k.17 Đ.1 Luật 52/2019): khiển trách, cảnh cáo, hạ bậc lương bar promotion
    and appointment for 12 months from the effective date. Before: hạ bậc lương had no bar."""
    case = _council(
        org,
        org.own_staff,
        D(2025, 3, 3),
        stage="decided",
        form=form("ha_bac_luong"),
        decision_date=D(2025, 5, 5),
        effective_from=D(2025, 5, 6),
    )
    assert rules.promotion_bar_until(case) == D(2026, 5, 6)


def test_time_not_yet_considered_and_complaints(org):
    """NĐ 112/2020 Đ.3 k.1 (still governing viên chức) adds authorised leave; Đ.5 excludes the time of
    complaints or lawsuits from the deadline; no decision during such a time. Before: neither reason
    existed, and a decision could be recorded during an open pause."""
    teacher = _staff(org, "vien_chuc")
    case = _council(org, teacher, D(2026, 10, 1))
    actor = org.users["director"]
    services.case_pause(actor=actor, case=case, reason="leave", start=D(2026, 10, 5), end=D(2026, 10, 9))
    services.case_pause(
        actor=actor, case=case, reason="complaint", start=D(2026, 10, 12), end=D(2026, 10, 16)
    )
    # 90 days from 01/10/2026 end 30/12/2026; 10 paused days → Saturday 09/01/2027 → Monday (BLDS Đ.148 k.5)
    assert rules.processing_deadline(case, D(2026, 11, 1)).value == D(2027, 1, 11)
    services.case_pause(actor=actor, case=case, reason="illness", start=D(2026, 11, 20), end=None)
    with pytest.raises(Refused, match="paused"):
        _decide(org, case, "khien_trach", D(2026, 12, 1))


def test_can_bo_forms_by_how_they_hold_office(org):
    """Luật CBCC 2008 Đ.78 k.2, NĐ 172/2025: cách chức only for the approved or appointed, bãi nhiệm only
    for the elected. Before: all four forms for every cán bộ."""
    chair = _staff(org, "can_bo", holds_leadership_post=True)
    with pytest.raises(ValidationError, match="rulebook allows"):
        _decide(org, _council(org, chair, D(2026, 9, 1)), "bai_nhiem", D(2026, 12, 1))
    chair.mandate = "appointed"
    chair.save()
    with pytest.raises(ValidationError, match="rulebook allows"):
        _decide(org, _council(org, chair, D(2026, 9, 1)), "bai_nhiem", D(2026, 12, 1))
    assert _decide(org, _council(org, chair, D(2026, 9, 1)), "cach_chuc", D(2026, 12, 1)).stage == "decided"


def test_legal_basis_labels_by_date(org, client):
    """From 01/07/2025: Luật 80/2025/QH15 and Nghị định 172/2025/NĐ-CP (cán bộ, công chức). Before: the
    rows said "Luật Cán bộ, công chức 2025; Nghị định về xử lý kỷ luật …" and no page showed them."""
    rows = DisciplineRule.objects.filter(category="cong_chuc", valid_from__lte=D(2026, 12, 1), valid_to=None)
    assert rows and all("80/2025/QH15" in r.legal_basis and "172/2025/NĐ-CP" in r.legal_basis for r in rows)
    old = DisciplineRule.objects.filter(category="cong_chuc", valid_to__lte=D(2025, 6, 30))
    assert old and all("Luật Cán bộ, công chức 2008" in r.legal_basis for r in old)
    case = _council(org, org.own_staff, D(2026, 9, 1))
    client.force_login(org.users["director"])
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "80/2025/QH15" in page and "Luật Cán bộ, công chức 2008" not in page


def test_the_api_refuses_a_decision_the_law_does_not_allow(org):
    """The same checks through the API's error mapping: 400 for a form not allowed, 409 while paused."""
    from api.models import DeviceToken

    case = _council(org, _staff(org, "can_bo"), D(2026, 9, 1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {DeviceToken.issue(org.users['director'], 't')[1]}")
    body = {
        "form": "bai_nhiem",
        "decision_number": "7/QĐ",
        "decision_date": "2026-12-01",
        "effective_from": "2026-12-01",
    }
    url = f"/api/v1/disciplinary-cases/{case.pk}/decide/"
    refused = client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "form" in refused.json()["fields"]
    services.case_pause(
        actor=org.users["director"], case=case, reason="illness", start=D(2026, 11, 30), end=None
    )
    body["form"] = "khien_trach"
    paused = client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert paused.status_code == 409 and "paused" in paused.json()["message"]
    detail = client.get(f"/api/v1/disciplinary-cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert detail["rulebook"]["paused"] is True
    assert detail["rulebook"]["offered_forms"]["forms"] == ["khien_trach", "canh_cao"]
    assert detail["rulebook"]["statute"]["until"] == "2031-09-01"
    assert "Bộ luật Dân sự 2015" in detail["rulebook"]["statute"]["reasons"][0]["basis"]
