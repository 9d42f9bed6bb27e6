"""Disciplinary cases through the services, the pages and the permission matrix."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from core import policy
from core.states import Refused
from discipline import services
from discipline.models import SanctionForm
from findings.models import Finding
from findings.services import finding_record
from tests.permission_matrix import ALL_ROLES
from tests.workflow import advance

D = datetime.date
R = {"view", "history"}
STEPS_OPEN = {"hold_review_meeting", "not_disciplined", "exempt", "pause", "assess"}
CASE_MATRIX = {
    "admin": R,
    "leadership": R,
    "staff": R,
    "director": R | STEPS_OPEN,
    "unit_head": R | STEPS_OPEN,
}


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def confirmed(org, make_inspection):
    inspection = make_inspection("unannounced", ["approve", "start"])
    finding, _ = finding_record(
        actor=org.users["inspector"],
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.division_in,
        staff=org.own_staff,
        category="code_of_conduct",
        severity="serious",
        description="Gây phiền hà cho người dân",
    )
    for step in ("finish_fieldwork", "issue_report"):
        advance(actor=org.users["director"], inspection=inspection, action=step)
    return Finding.objects.get(pk=finding.pk)


def _open(org, finding, actor="unit_head"):
    return services.case_open(
        actor=org.users[actor],
        findings=[finding],
        act_date=D(2026, 11, 20),
        discovered_on=D(2026, 11, 20),
        gravity="reprimand",
    )


def test_case_matrix(org, confirmed, client):
    case = _open(org, confirmed)
    mismatches = []
    for role in ALL_ROLES:
        expected = frozenset(CASE_MATRIX.get(role, set()))
        actual = policy.allowed_actions(org.users[role], case)
        if actual != expected:
            mismatches.append(f"{role}: {sorted(actual)} != {sorted(expected)}")
        client.force_login(org.users[role])
        if client.get(reverse("case-detail", args=[case.pk])).status_code != (200 if expected else 404):
            mismatches.append(f"{role}: page")
    assert not mismatches, mismatches


def test_full_procedure_with_the_rulebook_of_the_decision_date(org, confirmed):
    case = _open(org, confirmed)
    case = services.case_review_meeting(actor=org.users["unit_head"], case=case, held_on=D(2026, 11, 25))
    case = services.case_refer_to_council(actor=org.users["unit_head"], case=case, convened_on=D(2026, 12, 1))
    demotion = SanctionForm.objects.get(code="ha_bac_luong")  # abolished for công chức on 1 July 2025
    with pytest.raises(ValidationError, match="rulebook allows"):
        services.case_decide(
            actor=org.users["director"],
            case=case,
            form=demotion,
            decision_number="5/QĐ",
            decision_date=D(2026, 12, 5),
            effective_from=D(2026, 12, 5),
        )
    reprimand = SanctionForm.objects.get(code="khien_trach")
    case = services.case_decide(
        actor=org.users["director"],
        case=case,
        form=reprimand,
        decision_number="5/QĐ-UBND",
        decision_date=D(2026, 12, 5),
        effective_from=D(2026, 12, 5),
        effective_to=D(2027, 12, 4),
    )
    assert case.stage == "decided" and case.form == reprimand
    with pytest.raises(Refused):
        services.case_review_meeting(actor=org.users["unit_head"], case=case, held_on=D(2026, 12, 6))


def test_decision_after_the_statute_is_refused(org, confirmed):
    """Five years from 10/01/2021 end with 10/01/2026 (Civil Code Đ.147–148; the old code said
    09/01/2026), a Saturday, so the term runs to Monday 12/01/2026 (Đ.148 khoản 5)."""
    case = services.case_open(
        actor=org.users["director"],
        findings=[confirmed],
        act_date=D(2021, 1, 10),
        discovered_on=D(2026, 1, 5),
        gravity="reprimand",
    )
    case = services.case_review_meeting(actor=org.users["director"], case=case, held_on=D(2026, 1, 6))
    case = services.case_refer_to_council(actor=org.users["director"], case=case, convened_on=D(2026, 1, 7))
    with pytest.raises(ValidationError, match="statute of limitations ended on 12/01/2026"):
        services.case_decide(
            actor=org.users["director"],
            case=case,
            form=SanctionForm.objects.get(code="khien_trach"),
            decision_number="1",
            decision_date=D(2026, 1, 13),
            effective_from=D(2026, 1, 13),
        )
    case = services.case_decide(
        actor=org.users["director"],
        case=case,
        form=SanctionForm.objects.get(code="khien_trach"),
        decision_number="1",
        decision_date=D(2026, 1, 12),
        effective_from=D(2026, 1, 12),
    )
    assert case.stage == "decided"


def test_only_confirmed_findings_naming_staff_in_reach(org, confirmed):
    with pytest.raises(Http404):
        _open(org, confirmed, actor="unit_head_other")
    with pytest.raises(Http404):
        _open(org, confirmed, actor="inspector")
    with pytest.raises(ValidationError):
        services.case_open(
            actor=org.users["unit_head"],
            findings=[confirmed],
            act_date=D(2026, 11, 21),
            discovered_on=D(2026, 11, 20),
            gravity="reprimand",
        )


def test_closing_without_discipline_needs_a_reason(org, confirmed):
    case = _open(org, confirmed)
    with pytest.raises(ValidationError):
        services.case_close(actor=org.users["unit_head"], case=case, action="not_disciplined", note=" ")
    case = services.case_close(
        actor=org.users["unit_head"], case=case, action="exempt", note="Đang điều trị bệnh hiểm nghèo"
    )
    assert case.stage == "exempted"


def test_case_pages(org, confirmed, client):
    client.force_login(org.users["unit_head"])
    page = client.get(reverse("finding-detail", args=[confirmed.pk])).content.decode()
    assert 'data-testid="open-case"' in page
    response = client.post(
        reverse("case-open", args=[confirmed.pk]),
        {"act_date": "2026-11-20", "discovered_on": "2026-11-20", "gravity": "reprimand"},
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert 'data-testid="statute"' in detail and "20/11/2031" in detail  # Civil Code Đ.148: not 19/11
    assert "18/02/2027" in detail  # 20/11/2026 + 90 days


def test_case_page_steps_for_the_acts_and_pauses(org, confirmed, client):
    """The council records the form each act warrants and a further act; a pause ends; the page shows
    why the forms are what they are."""
    from discipline.models import CaseAct, CasePause

    case = _open(org, confirmed)
    client.force_login(org.users["unit_head"])
    step = lambda name, data: client.post(reverse("case-step", args=[case.pk, name]), data)  # noqa: E731
    assert step("assess", {"form": SanctionForm.objects.get(code="canh_cao").pk}).status_code == 302
    step(
        "add_act",
        {
            "act_date": "2026-11-22",
            "gravity": "reprimand",
            "description": "Không đeo thẻ công chức",
            "form": SanctionForm.objects.get(code="khien_trach").pk,
        },
    )
    assert CaseAct.objects.get(case=case).form.code == "khien_trach"
    step("pause", {"reason": "illness", "start": "2026-11-25"})
    pause = CasePause.objects.get(case=case)
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert 'data-testid="end-pause"' in page and "Không đeo thẻ công chức" in page
    assert "một hình thức cao nhất" in page and "Nghị định 172/2025/NĐ-CP, Điều 2 khoản 2" in page
    step("end_pause", {"pause": pause.pk, "end": "2026-11-24"})
    assert CasePause.objects.get(pk=pause.pk).end is None  # refused: ends before it starts
    step("end_pause", {"pause": pause.pk, "end": "2026-11-27"})
    assert str(CasePause.objects.get(pk=pause.pk).end) == "2026-11-27"
    step("pause", {"reason": "leave", "start": "2026-11-28"})  # NĐ 172/2025 no longer counts leave
    assert CasePause.objects.filter(case=case).count() == 1
    messages = [str(m) for m in client.get(reverse("case-detail", args=[case.pk])).context["messages"]]
    assert any("không coi" in m for m in messages)  # "the law does not count" leave


def test_decision_form_needs_the_confirmation(org, confirmed, client):
    case = _open(org, confirmed)
    for step_name, on in (("hold_review_meeting", "2026-11-25"), ("refer_to_council", "2026-11-26")):
        services_step = reverse("case-step", args=[case.pk, step_name])
        client.force_login(org.users["director"])
        client.post(services_step, {"on": on})
    data = {
        "form": SanctionForm.objects.get(code="khien_trach").pk,
        "decision_number": "9/QĐ",
        "decision_date": "2026-11-30",
        "effective_from": "2026-11-30",
    }
    client.post(reverse("case-step", args=[case.pk, "decide"]), data)
    case.refresh_from_db()
    assert case.stage == "council"
    client.post(reverse("case-step", args=[case.pk, "decide"]), {**data, "confirm": "on"})
    case.refresh_from_db()
    assert case.stage == "decided"


def test_case_summary_pdf_carries_the_explanation(org, confirmed, client):
    from tests.reports.conftest import pdf_text

    case = _open(org, confirmed)
    client.force_login(org.users["staff"])  # the person concerned may read it
    response = client.get(reverse("case-pdf", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages, _reader = pdf_text(b"".join(response.streaming_content))
    text = " ".join(" ".join(pages).split())
    assert "TÓM TẮT HỒ SƠ XỬ LÝ KỶ LUẬT" in text
    assert "đến hết ngày 20/11/2031" in text and "Bộ luật Dân sự 2015, Điều 147 khoản 2" in text
    assert "Luật Cán bộ, công chức 80/2025/QH15" in text
    client.force_login(org.users["unit_head_other"])
    assert client.get(reverse("case-pdf", args=[case.pk])).status_code == 404
