"""The frozen content of an issued inspection report.

At issuance everything the PDF shows is copied into one JSON-serialisable snapshot, already formatted
in Vietnamese and NFC-normalised: the agency's identity, the number from the register, the legal bases
in force that day, the signature blocks and the recipients included. The PDF is rendered from the
snapshot alone (plus evidence files, which are content-addressed and immutable), so rendering can
happen later, in a worker, and still show exactly what was issued; ``content_hash`` of the snapshot is
recorded with the document and printed at its end.

Format 2 (Decree 30 layout) is what is built now; snapshots of format 1, issued before, are rendered
through :func:`upgraded`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation

from core.text import nfc
from findings.models import CorrectiveAction, Evidence, Finding, FindingStatus, Severity
from inspection.models import Inspection, TeamRole
from reports.agency import agency_for, person_name, team_signature_block, upper
from reports.bases import basis_lines
from reports.models import Agency, ReportDraft
from reports.wording import long_date, sentence_case
from staff.models import Unit

SNAPSHOT_FORMAT = 2
SEVERITY_ORDER = [
    Severity.EXTREMELY_SERIOUS,
    Severity.VERY_SERIOUS,
    Severity.SERIOUS,
    Severity.MINOR,
]
TEAM_ORDER = [TeamRole.LEADER, TeamRole.DEPUTY, TeamRole.MEMBER, TeamRole.SECRETARY]
ISSUED_FINDINGS = (FindingStatus.CONFIRMED,)
PREVIEW_FINDINGS = (FindingStatus.DRAFT, FindingStatus.CONFIRMED)


def content_hash(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the snapshot's canonical JSON (sorted keys, UTF-8)."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _datetime(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


_person = person_name


def agency_heading(agency: Agency, *, team: bool) -> dict[str, str]:
    """The two lines of Phụ lục I, II.2: superior body, then the issuing body. A team's documents are
    issued by the team, under its agency."""
    if team:
        return {"superior": upper(agency.name), "issuer": upper(agency.team_name)}
    return {"superior": upper(agency.superior_body), "issuer": upper(agency.name)}


def team_decision_basis(inspection: Inspection) -> str:
    if not inspection.team_decision_number:
        return ""
    text = f"Căn cứ Quyết định số {nfc(inspection.team_decision_number)}"
    if inspection.team_decision_date:
        text += f" {long_date(inspection.team_decision_date)}"
    return text + " về việc thành lập Đoàn kiểm tra"


def _lines(text: str) -> list[str]:
    return [nfc(line.strip()) for line in text.splitlines() if line.strip()]


def _shortcomings(findings: list[Finding], numbers: dict[int, int]) -> list[dict[str, Any]]:
    by_unit: dict[int, dict[str, Any]] = {}
    for finding in findings:
        unit = by_unit.setdefault(finding.unit_id, {"unit": nfc(finding.unit.name), "groups": {}})
        unit["groups"].setdefault(finding.severity, []).append(
            {
                "no": numbers[finding.pk],
                "description": nfc(finding.description),
                "staff": nfc(
                    f"{finding.staff.full_name}"
                    + (f" — {finding.staff.position}" if finding.staff.position else "")
                )
                if finding.staff
                else "",
                "criterion": nfc(f"{finding.criterion.code} — {finding.criterion.text}")
                if finding.criterion
                else "",
                "category": str(finding.get_category_display()),
                "place": nfc(finding.place),
                "observed_at": _datetime(finding.observed_at),
                "repeat": finding.repeat_of_id is not None,
            }
        )
    result = []
    for unit in sorted(by_unit.values(), key=lambda u: u["unit"]):
        groups = [
            {"severity": str(Severity(severity).label), "findings": unit["groups"][severity]}
            for severity in SEVERITY_ORDER
            if severity in unit["groups"]
        ]
        result.append({"unit": unit["unit"], "groups": groups})
    return result


def _report_findings(inspection: Inspection, statuses: tuple[str, ...]) -> QuerySet[Finding]:
    """The report's findings in the order that numbers them."""
    return Finding.objects.filter(inspection=inspection, status__in=statuses).order_by(
        "unit__path", "observed_at", "pk"
    )


def build_snapshot(
    *,
    inspection: Inspection,
    draft: ReportDraft,
    issuer: Any,
    issued_at: datetime.datetime,
    version: int,
    number: str = "",
    correction_reason: str = "",
    supersedes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the issued report shows, for an inspection whose findings are already confirmed;
    ``number`` is the one registered for it."""
    with translation.override("vi"):
        return _build(
            inspection,
            draft,
            issuer,
            issued_at,
            version,
            correction_reason,
            supersedes,
            ISSUED_FINDINGS,
            number=number,
        )


def build_preview(*, inspection: Inspection, draft: ReportDraft) -> dict[str, Any]:
    """What the report would show if it were issued now: the findings not withdrawn, with the repeat
    flags issuance would set. The number is left for the register to give at issuance."""
    with translation.override("vi"):
        snapshot = _build(
            inspection, draft, None, timezone.now(), 0, "", None, PREVIEW_FINDINGS, flag_repeats=True
        )
    return {**snapshot, "preview": True}


def _build(
    inspection,
    draft,
    issuer,
    issued_at,
    version,
    correction_reason,
    supersedes,
    statuses,
    flag_repeats=False,
    number="",
) -> dict[str, Any]:
    agency = agency_for(inspection.inspecting_unit)
    issued_on = timezone.localtime(issued_at).date()
    chosen = list(draft.bases.all()) if draft.pk else []
    team = sorted(
        inspection.team.select_related("user__staff_profile"),
        key=lambda m: (TEAM_ORDER.index(m.role), _person(m.user)),
    )
    targets = inspection.targets.select_related("unit").order_by("unit__path")
    findings = list(_report_findings(inspection, statuses).select_related("unit", "staff", "criterion"))
    if flag_repeats:
        from findings.services import earlier_repeat

        for finding in findings:
            if finding.status == FindingStatus.DRAFT:
                finding.repeat_of = earlier_repeat(finding)
    numbers = {finding.pk: index for index, finding in enumerate(findings, start=1)}
    actions = list(
        CorrectiveAction.objects.filter(finding__inspection=inspection, finding__status__in=statuses)
        .select_related("responsible_unit")
        .order_by("due_date", "pk")
    )
    evidence = (
        Evidence.objects.filter(
            finding__inspection=inspection,
            finding__status__in=statuses,
            content_type__startswith="image/",
        )
        .order_by("finding__observed_at", "pk")
        .values("pk", "sha256", "finding_id", "taken_at")
    )
    leader = next((m for m in team if m.role == TeamRole.LEADER), None)
    team_decision = team_decision_basis(inspection)
    head = f"{sentence_case(agency.head_title)} {nfc(agency.unit.name)}"
    return {
        "format": SNAPSHOT_FORMAT,
        "document": "report",
        "version": version,
        "number": nfc(number) or f"      /BC-{agency.team_abbreviation}",
        "place": nfc(agency.place),
        "issued_on": _date(issued_on),
        "issued_at": _datetime(issued_at),
        "heading": agency_heading(agency, team=True),
        "to": head,
        "agency": {
            "name": nfc(agency.unit.name),
            "head": head,
            "abbreviation": agency.abbreviation,
            "team_abbreviation": agency.team_abbreviation,
        },
        "inspection_code": inspection.code,
        "title": nfc(inspection.title),
        "kind": str(inspection.get_kind_display()),
        "window": f"{_date(inspection.planned_start)} – {_date(inspection.planned_end)}",
        "scope": nfc(inspection.scope),
        "trigger": nfc(" ".join(filter(None, [inspection.trigger_reference, inspection.trigger_summary]))),
        "legal_basis": basis_lines(
            chosen=chosen, typed=draft.legal_basis, day=issued_on, extra=[team_decision]
        ),
        "team": [{"name": _person(m.user), "role": str(m.get_role_display())} for m in team],
        "units": [{"name": nfc(t.unit.name), "checked_in_at": _datetime(t.checked_in_at)} for t in targets],
        "strengths": _lines(draft.strengths),
        "shortcomings": _shortcomings(findings, numbers),
        "causes": _lines(draft.causes),
        "conclusion": _lines(draft.conclusion),
        "recommendations": [
            {
                "finding_no": numbers[action.finding_id],
                "text": nfc(action.text),
                "unit": nfc(action.responsible_unit.name),
                "due_date": _date(action.due_date),
            }
            for action in actions
        ],
        "signatures": [team_signature_block(agency, leader.user if leader else None)],
        "recipients": ["Như trên", f"Lưu: {agency.team_abbreviation}"],
        "evidence": [
            {
                "id": item["pk"],
                "sha256": item["sha256"],
                "finding_no": numbers[item["finding_id"]],
                "taken_at": _datetime(item["taken_at"]),
            }
            for item in evidence
        ],
        "correction_reason": nfc(correction_reason),
        "supersedes": supersedes,
        "counts": {
            "findings": len(findings),
            "staff_named": len({f.staff_id for f in findings if f.staff_id}),
            "recommendations": len(actions),
        },
    }


def build_extracts(
    inspection: Inspection, snapshot: dict[str, Any], report_hash: str
) -> list[tuple[Unit, dict[str, Any]]]:
    """For a report covering several units, each inspected unit's extract of the issued ``snapshot``.

    An extract keeps everything common to the units (heading, basis, team, strengths, causes,
    conclusion, signatures) and only the shortcomings, recommendations and photos of findings recorded
    in that unit's subtree, with the numbers they have in the full report so the two can be compared.
    Precondition: ``snapshot`` was built by :func:`build_snapshot` for ``inspection``, whose ``units``
    list the targets in path order, as here; ``report_hash`` is its :func:`content_hash`.
    """
    targets = list(inspection.targets.select_related("unit").order_by("unit__path"))
    if len(targets) < 2:
        return []
    paths = list(_report_findings(inspection, ISSUED_FINDINGS).values_list("unit__path", flat=True))
    extracts = []
    for index, target in enumerate(targets):
        numbers = {no for no, path in enumerate(paths, start=1) if path.startswith(target.unit.path)}
        extracts.append((target.unit, _extract(snapshot, report_hash, numbers, snapshot["units"][index])))
    return extracts


def _extract(
    snapshot: dict[str, Any], report_hash: str, numbers: set[int], unit: dict[str, str]
) -> dict[str, Any]:
    shortcomings = []
    for group_unit in snapshot["shortcomings"]:
        groups = [
            {**group, "findings": [item for item in group["findings"] if item["no"] in numbers]}
            for group in group_unit["groups"]
        ]
        groups = [group for group in groups if group["findings"]]
        if groups:
            shortcomings.append({**group_unit, "groups": groups})
    recommendations = [item for item in snapshot["recommendations"] if item["finding_no"] in numbers]
    named = {item["staff"] for group in shortcomings for g in group["groups"] for item in g["findings"]}
    return {
        **snapshot,
        "units": [unit],
        "shortcomings": shortcomings,
        "recommendations": recommendations,
        "evidence": [item for item in snapshot["evidence"] if item["finding_no"] in numbers],
        "recipients": [unit["name"], *snapshot["recipients"][-1:]],
        "counts": {
            "findings": len(numbers),
            "staff_named": len(named - {""}),
            "recommendations": len(recommendations),
        },
        "extract": {"unit": unit["name"], "report_content_sha256": report_hash},
    }


def upgraded(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A format-1 snapshot (issued before the Decree 30 layout) in the shape the renderer reads now.

    Nothing is invented: the old heading, number, basis and signature titles are carried over as they
    were issued; only their arrangement follows the current layout.
    """
    if snapshot.get("format", 1) >= SNAPSHOT_FORMAT:
        return snapshot
    basis = list(snapshot.get("legal_basis", []))
    if snapshot.get("team_decision"):
        basis.append(f"Căn cứ Quyết định số {snapshot['team_decision']} về việc thành lập Đoàn kiểm tra")
    old = snapshot.get("signatures", {})
    return {
        **snapshot,
        "document": "report",
        "heading": {
            "superior": upper(snapshot.get("superior_body", "")),
            "issuer": upper(snapshot.get("issuing_body", "")),
        },
        "to": "",
        "legal_basis": basis,
        "signatures": [
            {"lines": [old[key]["title"]], "name": old[key]["name"]}
            for key in ("leader", "issuer")
            if key in old
        ],
    }
