"""The header search never suggests what the policy hides: for every matrix user and every unit, staff
member, inspection and finding of the world (undisclosed unannounced inspections and drafts included),
searching its own name, code or number finds it exactly when the user may see it."""

from __future__ import annotations

from core import policy
from findings.models import Finding
from findings.search import search
from inspection.models import Inspection
from staff.models import Staff, Unit
from tests.permission_matrix import ALL_ROLES

KEYS = {
    Unit: lambda u: u.code,
    Staff: lambda s: s.full_name,
    Inspection: lambda i: i.code,
    Finding: lambda f: f"#{f.pk}",
}


def test_search_finds_a_record_exactly_when_the_user_may_see_it(org, world):
    assert not world.unannounced.disclosed_at and world.draft_finding.status == "draft"
    wrong = []
    for role in ALL_ROLES:
        user = org.users[role]
        for model, key in KEYS.items():
            visible = set(policy.visible(user, model).values_list("pk", flat=True))
            for record in model.objects.all():
                hits = {
                    hit.record.pk
                    for group in search(user, key(record))
                    for hit in group.hits
                    if isinstance(hit.record, model)
                }
                if not hits <= visible:
                    wrong.append(f"{role} searching {key(record)!r} was shown {sorted(hits - visible)}")
                if (record.pk in hits) != (record.pk in visible):
                    wrong.append(f"{role} searching {key(record)!r}: found={record.pk in hits}")
    assert wrong == []
