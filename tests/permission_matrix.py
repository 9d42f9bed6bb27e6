"""The permission matrix: role × record (in a given relation/state) → allowed actions.

This is the specification the policy is tested against, kept as data. Later capabilities add rows
(inspections by kind and state, findings by state, …). An empty set means the record must be
invisible: absent from lists and counts, 404 on direct access.
"""

from __future__ import annotations

ALL_ROLES = (
    "admin",
    "director",
    "inspector",
    "unit_head",
    "leadership",
    "staff",
    "none",
    # The same roles in another relation to the records: an inspector not on the team, the head of
    # another unit, a director whose jurisdiction is elsewhere.
    "inspector_off_team",
    "unit_head_other",
    "director_other",
)

READ = frozenset({"view", "history"})
MANAGE = frozenset({"view", "history", "change"})
NOTHING = frozenset()

# record key → (org attribute holding the record, description)
RECORDS = {
    "unit.jurisdiction_root": ("ward_in", "the unit the head heads / the director oversees"),
    "unit.jurisdiction_descendant": ("division_in", "a unit below it (the staff member's own unit)"),
    "unit.outside": ("ward_out", "a unit outside every jurisdiction"),
    "unit.dissolved": ("dissolved", "a dissolved unit (merged into the jurisdiction root), outside"),
    "staff.self": ("own_staff", "the staff user's own record"),
    "staff.colleague": ("colleague", "a colleague in the same unit"),
    "staff.outside": ("outsider", "a staff member outside every jurisdiction"),
}

MATRIX: dict[tuple[str, str], frozenset[str]] = {}


def _row(record: str, **by_role: frozenset[str]) -> None:
    missing = set(ALL_ROLES) - set(by_role)
    if missing:
        raise AssertionError(f"matrix row {record} omits roles {sorted(missing)}")
    for role, actions in by_role.items():
        MATRIX[(role, record)] = actions


# fmt: off
_row("unit.jurisdiction_root", admin=MANAGE, director=READ, inspector=READ, unit_head=READ, leadership=READ,
     staff=NOTHING, none=NOTHING, inspector_off_team=READ, unit_head_other=NOTHING, director_other=NOTHING)
_row("unit.jurisdiction_descendant", admin=MANAGE, director=READ, inspector=READ, unit_head=READ, leadership=READ,
     staff=READ, none=NOTHING, inspector_off_team=READ, unit_head_other=NOTHING, director_other=NOTHING)
_row("unit.outside", admin=MANAGE, director=NOTHING, inspector=READ, unit_head=NOTHING, leadership=READ,
     staff=NOTHING, none=NOTHING, inspector_off_team=READ, unit_head_other=READ, director_other=READ)
_row("unit.dissolved", admin=MANAGE, director=NOTHING, inspector=READ, unit_head=NOTHING, leadership=READ,
     staff=NOTHING, none=NOTHING, inspector_off_team=READ, unit_head_other=NOTHING, director_other=NOTHING)
_row("staff.self", admin=MANAGE, director=READ, inspector=READ, unit_head=READ, leadership=READ,
     staff=READ, none=NOTHING, inspector_off_team=READ, unit_head_other=NOTHING, director_other=NOTHING)
_row("staff.colleague", admin=MANAGE, director=READ, inspector=READ, unit_head=READ, leadership=READ,
     staff=NOTHING, none=NOTHING, inspector_off_team=READ, unit_head_other=NOTHING, director_other=NOTHING)
_row("staff.outside", admin=MANAGE, director=NOTHING, inspector=READ, unit_head=NOTHING, leadership=READ,
     staff=NOTHING, none=NOTHING, inspector_off_team=READ, unit_head_other=READ, director_other=READ)
# fmt: on
