"""An inspection with findings (one naming a staff member, with a photo), drafted and issued."""

from __future__ import annotations

import datetime
import io
import unicodedata
import uuid

import pytest
from django.utils import timezone
from pypdf import PdfReader

from findings import action_services
from findings.services import finding_record
from inspection import services as inspection_services
from reports.models import IssuedReport
from reports.services import draft_update
from tests.findings.images import jpeg_bytes
from tests.workflow import advance

STAFF_FINDING = "Công chức Hoàng Thị Lan yêu cầu bổ sung giấy tờ ngoài quy định"
UNIT_FINDING = "Chưa niêm yết <đầy đủ> thủ tục & lệ phí tại Bộ phận Một cửa"
WITHDRAWN = "Nội dung ghi nhầm, đã rút lại"
STRENGTHS = "Ủy ban nhân dân phường chấp hành nghiêm giờ giấc làm việc"


@pytest.fixture(scope="session")
def demo_pki(tmp_path_factory):
    """A demo CA and agency certificate for the whole run (as ``load_demo`` makes them)."""
    from reports.demo_pki import make_demo_pki

    return make_demo_pki(tmp_path_factory.mktemp("signing"))


@pytest.fixture(autouse=True)
def signing_key(settings, demo_pki):
    """Issued documents in these tests are signed with the demo certificate and verified against the
    demo CA, as on a configured server."""
    settings.SIGNING_P12 = str(demo_pki["p12"])
    settings.SIGNING_P12_PASSWORD = demo_pki["password"].read_text().strip()
    settings.SIGNING_TRUST_ROOTS = [str(demo_pki["ca"])]
    return demo_pki


def stored_pdf(rendered) -> bytes:
    """The bytes of a rendered record's stored PDF (issued report, extract or preview)."""
    with rendered.pdf.open("rb") as stream:
        return stream.read()


def pdf_text(data: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages], reader


@pytest.fixture
def issue_inspection(org, make_inspection, private_storage, django_capture_on_commit_callbacks):
    """Build and issue an inspection of ``target`` (default ward_in); the PDF renders on commit."""

    def build(
        target=None, extra_targets=(), issue: bool = True, unit_action: bool = False
    ) -> IssuedReport | object:
        """``unit_action`` adds a recommendation to the finding that names nobody as well."""
        inspection = make_inspection("scheduled", ["approve", "announce", "start"], target=target)
        if extra_targets:
            from inspection.models import InspectionTarget

            for unit in extra_targets:
                InspectionTarget.objects.create(inspection=inspection, unit=unit)
        leader = org.users["inspector"]
        unit = target or org.ward_in
        staff_unit = org.division_in if target is None else unit
        named, _ = finding_record(
            actor=leader,
            inspection=inspection,
            client_uuid=uuid.uuid4(),
            unit=staff_unit,
            staff=org.own_staff if target is None else None,
            category="one_stop_desk",
            severity="serious",
            description=STAFF_FINDING,
            place="Bộ phận Một cửa",
            photos=[("anh.jpg", io.BytesIO(jpeg_bytes(size=(640, 480))))],
        )
        about_unit, _ = finding_record(
            actor=leader,
            inspection=inspection,
            client_uuid=uuid.uuid4(),
            unit=unit,
            category="public_posting",
            severity="minor",
            description=UNIT_FINDING,
        )
        if unit_action:
            action_services.action_add(
                actor=leader,
                finding=about_unit,
                text="Niêm yết lại đầy đủ thủ tục hành chính",
                responsible_unit=unit,
                due_date=timezone.localdate() + datetime.timedelta(days=20),
            )
        withdrawn, _ = finding_record(
            actor=leader,
            inspection=inspection,
            client_uuid=uuid.uuid4(),
            unit=unit,
            category="other",
            severity="minor",
            description=WITHDRAWN,
        )
        action_services.finding_withdraw(actor=leader, finding=withdrawn, reason="Ghi nhầm")
        action_services.action_add(
            actor=leader,
            finding=named,
            text="Tổ chức kiểm điểm công chức liên quan",
            responsible_unit=unit,
            due_date=timezone.localdate() + datetime.timedelta(days=15),
        )
        draft_update(
            actor=leader,
            inspection=inspection,
            legal_basis="Căn cứ Luật Cán bộ, công chức ngày 13/11/2008;",
            strengths=STRENGTHS,
            causes="Người đứng đầu chưa thường xuyên kiểm tra",
        )
        if not issue:
            return inspection
        with django_capture_on_commit_callbacks(execute=True):
            inspection_services.inspection_transition(
                actor=org.users["director"], inspection=inspection, action="finish_fieldwork"
            )
            advance(actor=org.users["director"], inspection=inspection, action="issue_report")
        return IssuedReport.objects.get(inspection=inspection, version=1)

    return build
