"""The frozen content of a conclusion notice (thông báo kết luận kiểm tra), built from the report.

The head of the inspecting body concludes on the team's report: the notice cites it, restates the
strengths, the shortcomings by unit and severity (numbered as in the report), their causes and the
conclusion, and lists what each unit must do and by when. It is issued in the agency's own name and
numbering and signed by the head (or for the head, with the authority wording of the signer).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from core.text import nfc
from reports.agency import signature_block
from reports.bases import basis_lines
from reports.content import SNAPSHOT_FORMAT, agency_heading, team_decision_basis
from reports.models import Agency, IssuedReport
from reports.wording import long_date, parse_vn_date, sentence_case


def _latest_due(recommendations: list[dict[str, Any]]) -> str:
    dates = [parse_vn_date(item["due_date"]) for item in recommendations if item.get("due_date")]
    return long_date(max(dates)) if dates else ""


def build_notice(
    *,
    report: IssuedReport,
    snapshot: dict[str, Any],
    agency: Agency,
    issuer: Any,
    issued_at: datetime.datetime,
    number: str,
    recipients: list[str],
) -> dict[str, Any]:
    """The notice (or a unit's part of it, when ``snapshot`` is that unit's extract of the report)."""
    inspection = report.inspection
    issued_on = timezone.localtime(issued_at).date()
    head = f"{sentence_case(agency.head_title)} {nfc(agency.unit.name)}"
    report_basis = (
        f"Xét Báo cáo số {report.number} {long_date(parse_vn_date(report.content['issued_on']))} "
        "của Đoàn kiểm tra về kết quả kiểm tra"
    )
    units = [unit["name"] for unit in snapshot["units"]]
    due = _latest_due(snapshot["recommendations"])
    closing = (
        f"Yêu cầu {', '.join(units)} tổ chức thực hiện các kiến nghị nêu tại mục IV và báo cáo kết quả "
        f"về {nfc(agency.unit.name)}" + (f" chậm nhất {due}." if due else ".")
    )
    return {
        "format": SNAPSHOT_FORMAT,
        "document": "notice",
        "number": number,
        "place": nfc(agency.place),
        "issued_on": f"{issued_on:%d/%m/%Y}",
        "issued_at": timezone.localtime(issued_at).strftime("%H:%M %d/%m/%Y"),
        "heading": agency_heading(agency, team=False),
        "title": snapshot["title"],
        "summary": f"Kết luận kiểm tra công vụ tại {', '.join(units)}",
        "inspection_code": inspection.code,
        "legal_basis": basis_lines(
            chosen=[], typed="", day=issued_on, extra=[team_decision_basis(inspection), report_basis]
        ),
        "opening": f"{head} thông báo kết luận kiểm tra như sau:",
        "report": {
            "number": report.number,
            "version": report.version,
            "content_sha256": report.content_sha256,
        },
        "kind": snapshot["kind"],
        "window": snapshot["window"],
        "scope": snapshot["scope"],
        "trigger": snapshot["trigger"],
        "team": snapshot["team"],
        "units": snapshot["units"],
        "strengths": snapshot["strengths"],
        "shortcomings": snapshot["shortcomings"],
        "causes": snapshot["causes"],
        "conclusion": snapshot["conclusion"],
        "recommendations": snapshot["recommendations"],
        "closing": closing,
        "signatures": [signature_block(agency, issuer)],
        "recipients": recipients,
        "extract": snapshot.get("extract"),
        "supersedes": snapshot.get("supersedes"),
        "version": snapshot["version"],
        "correction_reason": snapshot.get("correction_reason", ""),
        "counts": snapshot["counts"],
    }


def notice_recipients(agency: Agency, unit_names: list[str]) -> list[str]:
    """The units (to carry out), leadership (to be informed) and the archive (Phụ lục I, II.9.a)."""
    return [
        *(f"{name} (để thực hiện)" for name in unit_names),
        *agency.leadership_lines(),
        f"Lưu: VT, {agency.team_abbreviation}",
    ]
