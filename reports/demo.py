"""Demo identity and signing key for the documents (loaded by ``manage.py load_demo``; demo only).

Sở Nội vụ Hà Nội issues under its own identity, signed by its director (no authority wording); its
deputy may sign "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" when given a demo account. The signing key is a local
demo CA's, made in ``var/signing/`` the first time and never committed.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from reports.demo_pki import ensure_demo_pki
from reports.models import Agency, Authority, Signer
from staff.models import Unit

IDENTITY = {
    "name": "SỞ NỘI VỤ",
    "superior_body": "UBND THÀNH PHỐ HÀ NỘI",
    "abbreviation": "SNV",
    "place": "Hà Nội",
    "head_title": "GIÁM ĐỐC",
    "team_name": "ĐOÀN KIỂM TRA CÔNG VỤ",
    "team_abbreviation": "ĐKT",
    "team_leader_title": "TRƯỞNG ĐOÀN",
    "leadership_recipients": "UBND Thành phố (để báo cáo)\nChánh Văn phòng UBND Thành phố (để biết)",
}


def load_reports_demo() -> dict[str, int]:
    """Create or complete the demo agency identity, its signer and the demo signing key; idempotent."""
    body = Unit.objects.get(code="HN.SNV")
    agency, _ = Agency.objects.update_or_create(unit=body, defaults=IDENTITY)
    director = get_user_model().objects.filter(username="director").first()
    if director is not None:
        Signer.objects.get_or_create(
            agency=agency, user=director, defaults={"authority": Authority.OWN, "position": ""}
        )
    if settings.SIGNING_DEMO_FALLBACK:  # the tests bring their own key and never write into var/
        ensure_demo_pki(Path(settings.VAR_DIR) / "signing", agency_name=IDENTITY["name"])
    return {"agencies": Agency.objects.count()}
