"""Permission matrix for plans, inspections (every kind × state), checklist results and findings.

Written out as data independently of ``inspection/states.py``: the test fails if the code's state
machine or policy drifts from what is written here. ``tests/conftest.py`` describes the relations:
the inspection targets the ward the ``unit_head`` heads and the ``director`` oversees; ``inspector`` is
its team leader; the ``*_other`` and ``*_off_team`` users stand in no relation to it.
"""

from __future__ import annotations

from tests.permission_matrix import ALL_ROLES

KINDS = ("scheduled", "unannounced", "case_verification", "thematic")
ANNOUNCED_KINDS = ("scheduled", "case_verification", "thematic")

# state name → the director's actions that reach it from a new draft
PATHS = {
    "draft": [],
    "approved": ["approve"],
    "announced": ["approve", "announce"],
    "in_progress": ["approve", "announce", "start"],
    "fieldwork_done": ["approve", "announce", "start", "finish_fieldwork"],
    "report_issued": ["approve", "announce", "start", "finish_fieldwork", "issue_report"],
    "closed": ["approve", "announce", "start", "finish_fieldwork", "issue_report", "close"],
    "cancelled_from_draft": ["cancel"],
    "cancelled_after_approval": ["approve", "cancel"],
    "cancelled_after_announcement": ["approve", "announce", "cancel"],
}


def path_for(kind: str, state: str) -> list[str] | None:
    """The actions reaching ``state`` for ``kind``, or None where the state does not exist for it."""
    steps = PATHS[state]
    if kind in ANNOUNCED_KINDS:
        return None if state == "cancelled_after_approval" else steps
    if state in ("announced", "cancelled_after_announcement"):
        return None
    return [s for s in steps if s != "announce"]


# When the inspected unit's heads and city leadership may know the inspection exists.
DISCLOSED = {
    "announced": {
        "announced",
        "in_progress",
        "fieldwork_done",
        "report_issued",
        "closed",
        "cancelled_after_announcement",
    },
    "unannounced": {"in_progress", "fieldwork_done", "report_issued", "closed"},
}

DIRECTOR_ACTIONS = {
    ("announced", "draft"): {"change", "approve", "cancel"},
    ("announced", "approved"): {"announce", "cancel"},
    ("announced", "announced"): {"start", "cancel"},
    ("unannounced", "draft"): {"change", "approve", "cancel"},
    ("unannounced", "approved"): {"start", "cancel"},
    ("any", "in_progress"): {"finish_fieldwork", "draft_report"},
    ("any", "fieldwork_done"): {"issue_report", "draft_report"},
    ("any", "report_issued"): {"close"},
}
TEAM_LEADER_ACTIONS = {
    ("announced", "announced"): {"start"},
    ("unannounced", "approved"): {"start"},
    ("any", "in_progress"): {"finish_fieldwork", "record", "check_in", "draft_report"},
    ("any", "fieldwork_done"): {"draft_report"},
}


def _lookup(table: dict, kind: str, state: str) -> set[str]:
    group = "announced" if kind in ANNOUNCED_KINDS else "unannounced"
    return set(table.get((group, state), set()) | table.get(("any", state), set()))


def expected_inspection_actions(role: str, kind: str, state: str) -> frozenset[str]:
    read = {"view", "history"}
    group = "announced" if kind in ANNOUNCED_KINDS else "unannounced"
    disclosed = state in DISCLOSED[group]
    if role == "admin":
        return frozenset(read)
    if role == "director":
        return frozenset(read | _lookup(DIRECTOR_ACTIONS, kind, state))
    if role == "inspector":
        return frozenset(read | _lookup(TEAM_LEADER_ACTIONS, kind, state))
    if role in ("unit_head", "leadership"):
        return frozenset(read) if disclosed else frozenset()
    assert role in ALL_ROLES
    return frozenset()


# Plans: drafts are the inspecting body's; approved plans are readable by the roles that work with them.
PLAN_MATRIX = {
    "draft": {
        "admin": {"view", "history"},
        "director": {"view", "history", "change", "approve"},
        "director_other": set(),
    },
    "approved": {
        "admin": {"view", "history"},
        "director": {"view", "history"},
        "director_other": {"view", "history"},
        "inspector": {"view", "history"},
        "inspector_off_team": {"view", "history"},
        "unit_head": {"view", "history"},
        "unit_head_other": {"view", "history"},
        "leadership": {"view", "history"},
    },
}

# Checklist results and findings of the inspection, while in fieldwork and after the report is issued.
# "finding_named" names the ``staff`` user; "finding_unit" names nobody. Once confirmed, a finding that
# names someone can open a disciplinary case, for those whose jurisdiction covers that person's unit.
R = {"view", "history"}
WORKING_PAPERS = {
    ("result", "in_progress"): {"admin": R, "director": R, "inspector": R | {"change"}},
    ("result", "report_issued"): {"admin": R, "director": R, "inspector": R, "unit_head": R, "leadership": R},
    ("finding_unit", "in_progress"): {
        "admin": R,
        "director": R | {"withdraw"},
        "inspector": R | {"change", "withdraw"},
    },
    ("finding_unit", "report_issued"): {
        "admin": R,
        "director": R,
        "inspector": R,
        "unit_head": R,
        "leadership": R,
    },
    ("finding_named", "in_progress"): {
        "admin": R,
        "director": R | {"withdraw"},
        "inspector": R | {"change", "withdraw"},
    },
    ("finding_named", "report_issued"): {
        "admin": R,
        "director": R | {"open_case"},
        "inspector": R,
        "unit_head": R | {"open_case"},
        "leadership": R,
        "staff": R | {"explain"},
    },
}

# Corrective actions after issuance, by action status. The unit's head responds, asks for more time and
# names the responsible person until the action is closed; the team leader and the overseeing director
# verify; a director decides extensions.
ACTIONS = {
    "draft": {"admin": R, "director": R, "inspector": R | {"change"}},
    "open": {
        "admin": R,
        "director": R,
        "inspector": R,
        "leadership": R,
        "unit_head": R | {"respond", "request_extension", "assign"},
    },
    "open_extension_pending": {
        "admin": R,
        "director": R | {"decide_extension"},
        "inspector": R,
        "leadership": R,
        "unit_head": R | {"respond", "assign"},
    },
    "responded": {
        "admin": R,
        "director": R | {"accept", "return"},
        "inspector": R | {"accept", "return"},
        "leadership": R,
        "unit_head": R | {"assign"},
    },
    "accepted": {"admin": R, "director": R, "inspector": R, "leadership": R, "unit_head": R},
}
